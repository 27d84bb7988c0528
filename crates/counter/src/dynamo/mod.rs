use std::collections::HashMap;
use std::time::Duration as StdDuration;

use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, DeleteRequest, KeySchemaElement, KeyType, Put,
    ScalarAttributeType, StreamSpecification, StreamViewType, TimeToLiveSpecification, TransactWriteItem, Update,
    WriteRequest,
};
use time::{Date, OffsetDateTime};

use crate::attribution::{DIRECT, Dimension, MAX_REFERRERS_PER_PAGE_DAY, OTHER};
use crate::{DayCount, Link, PagePath, Recorded, Salt, Store, StoreError, Totals, ViewCap, ViewRecord};

use crate::settings::DAY_FORMAT as DAY;

mod aggregate;
#[cfg(feature = "dynamodb-streams")]
mod follow;

pub use aggregate::{Aggregator, Applied, Change, ChangeKind};
#[cfg(feature = "dynamodb-streams")]
pub use follow::StreamFollower;

/// How often a transaction that lost a race for the same counter item is tried again.
const CONFLICT_RETRIES: u32 = 8;

/// Counts in one DynamoDB table: partition key `pk` (S), sort key `sk` (S), TTL on `expires_at`,
/// and a stream of new images (`NEW_IMAGE`) for [`Counting::Stream`].
///
/// | item | pk | sk | attributes |
/// |---|---|---|---|
/// | path totals | `PATH#<path>` | `TOTAL` | `views`, `visitors` |
/// | a day of a path | `PATH#<path>` | `DAY#<yyyy-mm-dd>` | `views`, `visitors` |
/// | visitor marker | `VISITOR#<key>` | `PATH#<path>` | `counted_ms`, `day`, `first`, `link`, `referrer`, `country`, `expires_at` (by [`Counting::Transaction`]: `last_counted_ms`, `expires_at`) |
/// | daily salt | `SALT` | `DAY#<yyyy-mm-dd>` | `salt`, `expires_at` |
/// | cap bucket | `CAP#<bucket>` | `CAP` | `views`, `expires_at` |
/// | a value of a dimension on a day | `PATH#<path>` | `ATTR#<yyyy-mm-dd>#<dimension>#<value>` | `views` |
/// | the named referrers of a day | `PATH#<path>` | `REFERRERS#<yyyy-mm-dd>` | `domains` (a string set) |
/// | share link | `LINK` | `<name>` | `created_at` |
/// | how far the aggregator got in a shard of the stream | `STREAM` | `SHARD#<shard id>` | `sequence`, `expires_at` |
///
/// How a counted view reaches the counters is its [`Counting`]. Either way expired markers and
/// salts are removed by DynamoDB's TTL; until it gets to them they are treated as absent.
#[derive(Clone, Debug)]
pub struct DynamoStore {
    client: Client,
    table: String,
    counting: Counting,
}

/// How a counted view reaches the counters that every view of its page shares (the page's
/// totals and day, its attribution, the day's referring domains).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Counting {
    /// A view writes only its own items: its visitor marker (conditional: a repeat within the
    /// window, a retry or a replay writes nothing) and its cap bucket, in one transaction (or a
    /// plain conditional write without a cap). The marker carries the view's day, whether it is
    /// the visitor's first of the day, and its attribution; the table's stream carries each
    /// written marker to the [`Aggregator`](crate::Aggregator), which adds batches of them to the
    /// shared counters, each batch exactly once. No two visitors' views write the same item, so
    /// a spike on one page never conflicts; the counters lag the views by the aggregator's delay.
    #[default]
    Stream,
    /// Every counter in the view's own `TransactWriteItems` (about eight items, seven of them
    /// shared by every view of the page). Exact at once, but DynamoDB cancels a transaction that
    /// touches an item another one has in flight: concurrent views of one page conflict, are
    /// retried, and past a few views a second are answered 503. For a table without a stream,
    /// and as the peer of `bench/spike`.
    Transaction,
}

impl DynamoStore {
    /// A store on `table`, with a client built once by the caller (from the standard AWS
    /// environment: `AWS_REGION`, `AWS_ENDPOINT_URL`, credentials …).
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self { client, table: table.into(), counting: Counting::default() }
    }

    /// The same store, counting views as `counting` says.
    pub fn with_counting(self, counting: Counting) -> Self {
        Self { counting, ..self }
    }

    /// How this store counts a view.
    pub fn counting(&self) -> Counting {
        self.counting
    }

    /// The table's name.
    pub fn table(&self) -> &str {
        &self.table
    }

    /// Creates the table (on-demand, TTL on `expires_at`, a stream of new images) and waits until
    /// it is active. An existing table is left as it is and only gets its TTL set, and its stream
    /// if it has none. Returns whether it was created.
    pub async fn create_table(&self) -> Result<bool, StoreError> {
        let key = |name: &str, kind: KeyType| KeySchemaElement::builder().attribute_name(name).key_type(kind).build();
        let attr = |name: &str| {
            AttributeDefinition::builder().attribute_name(name).attribute_type(ScalarAttributeType::S).build()
        };
        let created = self
            .client
            .create_table()
            .table_name(&self.table)
            .key_schema(key("pk", KeyType::Hash).map_err(StoreError::unavailable)?)
            .key_schema(key("sk", KeyType::Range).map_err(StoreError::unavailable)?)
            .attribute_definitions(attr("pk").map_err(StoreError::unavailable)?)
            .attribute_definitions(attr("sk").map_err(StoreError::unavailable)?)
            .billing_mode(BillingMode::PayPerRequest)
            .stream_specification(new_images()?)
            .send()
            .await;
        let created = match created {
            Ok(_) => true,
            Err(err) if err.as_service_error().is_some_and(|e| e.is_resource_in_use_exception()) => false,
            Err(err) => return Err(StoreError::unavailable(err)),
        };
        let mut streams = false;
        for _ in 0..120 {
            let table =
                self.client.describe_table().table_name(&self.table).send().await.map_err(StoreError::unavailable)?;
            let table = table.table();
            streams = table.and_then(|t| t.stream_specification()).is_some_and(|s| s.stream_enabled());
            if table.and_then(|t| t.table_status()).is_some_and(|s| s.as_str() == "ACTIVE") {
                break;
            }
            tokio::time::sleep(StdDuration::from_millis(500)).await;
        }
        if !streams {
            // A table from before the stream: its counts stay where they are, and the
            // aggregator adds to them.
            self.client
                .update_table()
                .table_name(&self.table)
                .stream_specification(new_images()?)
                .send()
                .await
                .map_err(StoreError::unavailable)?;
        }
        let ttl = TimeToLiveSpecification::builder()
            .enabled(true)
            .attribute_name("expires_at")
            .build()
            .map_err(StoreError::unavailable)?;
        let set =
            self.client.update_time_to_live().table_name(&self.table).time_to_live_specification(ttl).send().await;
        match set {
            Ok(_) => {}
            // Already on: DynamoDB refuses to set it twice.
            Err(err) if err.as_service_error().is_some_and(|e| e.to_string().contains("already enabled")) => {}
            Err(err) => return Err(StoreError::unavailable(err)),
        }
        Ok(created)
    }

    fn path_pk(path: &PagePath) -> AttributeValue {
        AttributeValue::S(format!("PATH#{path}"))
    }

    fn add_counts(&self, path: &PagePath, sk: String, visitors: u64) -> Result<TransactWriteItem, StoreError> {
        let update = Update::builder()
            .table_name(&self.table)
            .key("pk", Self::path_pk(path))
            .key("sk", AttributeValue::S(sk))
            .update_expression("ADD #views :one, #visitors :visitors")
            .expression_attribute_names("#views", "views")
            .expression_attribute_names("#visitors", "visitors")
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":visitors", n(visitors))
            .build()
            .map_err(StoreError::unavailable)?;
        Ok(TransactWriteItem::builder().update(update).build())
    }

    /// `ADD 1` on the view's cap bucket, on condition that it holds fewer than its limit.
    fn count_in_bucket(&self, cap: &ViewCap) -> Result<TransactWriteItem, StoreError> {
        let update = Update::builder()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(format!("CAP#{}", cap.bucket)))
            .key("sk", AttributeValue::S("CAP".into()))
            .update_expression("ADD #views :one SET expires_at = :expires")
            .condition_expression("attribute_not_exists(#views) OR #views < :limit")
            .expression_attribute_names("#views", "views")
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":limit", n(cap.limit))
            .expression_attribute_values(":expires", n(cap.expires_at.unix_timestamp()))
            .build()
            .map_err(StoreError::unavailable)?;
        Ok(TransactWriteItem::builder().update(update).build())
    }

    /// `ADD 1` on each value of the view's attribution for its path and day; with a named
    /// referrer, its place in the day's set of named referrers, on condition that it has one.
    fn count_attribution(&self, view: &ViewRecord, referrer: &str) -> Result<Vec<TransactWriteItem>, StoreError> {
        let day = view.at.date().format(DAY).unwrap_or_default();
        let a = &view.attribution;
        let mut items = Vec::with_capacity(4);
        for (dimension, value) in [
            (Dimension::Ref, a.link.as_str()),
            (Dimension::Referrer, referrer),
            (Dimension::Country, a.country.as_str()),
        ] {
            let update = Update::builder()
                .table_name(&self.table)
                .key("pk", Self::path_pk(&view.path))
                .key("sk", AttributeValue::S(format!("ATTR#{day}#{}#{value}", dimension.as_str())))
                .update_expression("ADD #views :one")
                .expression_attribute_names("#views", "views")
                .expression_attribute_values(":one", n(1))
                .build()
                .map_err(StoreError::unavailable)?;
            items.push(TransactWriteItem::builder().update(update).build());
        }
        if referrer != DIRECT && referrer != OTHER {
            let update = Update::builder()
                .table_name(&self.table)
                .key("pk", Self::path_pk(&view.path))
                .key("sk", AttributeValue::S(format!("REFERRERS#{day}")))
                .update_expression("ADD domains :domain")
                .condition_expression(
                    "attribute_not_exists(domains) OR contains(domains, :name) OR size(domains) < :max",
                )
                .expression_attribute_values(":domain", AttributeValue::Ss(vec![referrer.to_owned()]))
                .expression_attribute_values(":name", AttributeValue::S(referrer.to_owned()))
                .expression_attribute_values(":max", n(MAX_REFERRERS_PER_PAGE_DAY))
                .build()
                .map_err(StoreError::unavailable)?;
            items.push(TransactWriteItem::builder().update(update).build());
        }
        Ok(items)
    }

    /// A view's transaction: `head` (the marker and the counts), its cap bucket, its
    /// attribution. A named referrer past the day's bound is written again as `other`.
    async fn transact_view(
        &self,
        view: &ViewRecord,
        head: Vec<TransactWriteItem>,
        bucket: Option<TransactWriteItem>,
    ) -> Result<Outcome, StoreError> {
        let mut referrer = view.attribution.referrer.as_str();
        loop {
            let mut items = head.clone();
            let cap_at = bucket.as_ref().map(|b| {
                items.push(b.clone());
                items.len() - 1
            });
            items.extend(self.count_attribution(view, referrer)?);
            let slot_at = (referrer != DIRECT && referrer != OTHER).then(|| items.len() - 1);
            let failed = self.transact(items).await?;
            let failed_at =
                |at: Option<usize>| at.is_some_and(|i| failed.get(i).is_some_and(|r| r == "ConditionalCheckFailed"));
            if failed.is_empty() {
                return Ok(Outcome::Written);
            }
            if failed_at(Some(0)) {
                return Ok(Outcome::MarkerRefused);
            }
            if failed_at(cap_at) {
                return Ok(Outcome::CapFull);
            }
            if failed_at(slot_at) {
                referrer = OTHER;
                continue;
            }
            return Err(StoreError::Malformed(format!("a view's transaction was refused: {failed:?}")));
        }
    }

    /// Runs the transaction ([`transact`]).
    async fn transact(&self, items: Vec<TransactWriteItem>) -> Result<Vec<String>, StoreError> {
        transact(&self.client, items).await
    }

    /// Every item of partition `pk` (with a sort key in `range`, when given), page after page.
    async fn query_all(
        &self,
        pk: AttributeValue,
        range: Option<(String, String)>,
    ) -> Result<Vec<HashMap<String, AttributeValue>>, StoreError> {
        let mut out = Vec::new();
        let mut start_key = None;
        loop {
            let query = self.client.query().table_name(&self.table).expression_attribute_values(":pk", pk.clone());
            // A whole partition when no range is given (DynamoDB takes no empty key value).
            let query = match &range {
                Some((first, last)) => query
                    .key_condition_expression("pk = :pk AND sk BETWEEN :first AND :last")
                    .expression_attribute_values(":first", AttributeValue::S(first.clone()))
                    .expression_attribute_values(":last", AttributeValue::S(last.clone())),
                None => query.key_condition_expression("pk = :pk"),
            };
            let page = query
                .consistent_read(true)
                .set_exclusive_start_key(start_key)
                .send()
                .await
                .map_err(StoreError::unavailable)?;
            out.extend(page.items().iter().cloned());
            match page.last_evaluated_key() {
                Some(key) if !key.is_empty() => start_key = Some(key.clone()),
                _ => break,
            }
        }
        Ok(out)
    }

    async fn read_totals(&self, path: &PagePath) -> Result<Totals, StoreError> {
        let item = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", Self::path_pk(path))
            .key("sk", AttributeValue::S("TOTAL".into()))
            .consistent_read(true)
            .send()
            .await
            .map_err(StoreError::unavailable)?;
        Ok(item.item().map(|i| Totals { views: num(i, "views"), visitors: num(i, "visitors") }).unwrap_or_default())
    }
}

/// Runs the transaction, retrying while it loses races; the cancellation reason of each item
/// when a condition failed (empty when it was written).
pub(crate) async fn transact(client: &Client, items: Vec<TransactWriteItem>) -> Result<Vec<String>, StoreError> {
    // One token for every try: a try that timed out here but was applied there makes DynamoDB
    // answer the next one with its success (for 10 minutes), instead of applying it again or
    // refusing its conditions (which would answer a counted view as not counted).
    let token = format!("{:032x}", rand::random::<u128>());
    let mut attempt = 0;
    loop {
        let result = client
            .transact_write_items()
            .set_transact_items(Some(items.clone()))
            .client_request_token(&token)
            .send()
            .await;
        let err = match result {
            Ok(_) => return Ok(Vec::new()),
            Err(err) => err,
        };
        let reasons: Vec<String> = match &err {
            SdkError::ServiceError(service) => match service.err() {
                TransactWriteItemsError::TransactionCanceledException(cancel) => {
                    cancel.cancellation_reasons().iter().map(|r| r.code().unwrap_or("None").to_owned()).collect()
                }
                TransactWriteItemsError::TransactionInProgressException(_) => vec!["TransactionConflict".into()],
                _ => return Err(StoreError::unavailable(err)),
            },
            _ => return Err(StoreError::unavailable(err)),
        };
        if reasons.iter().any(|r| r == "ConditionalCheckFailed") {
            return Ok(reasons);
        }
        let conflict = reasons.iter().any(|r| r == "TransactionConflict" || r == "ThrottlingError");
        if !conflict || attempt >= CONFLICT_RETRIES {
            return Err(StoreError::unavailable(err));
        }
        attempt += 1;
        backoff(10, attempt).await;
    }
}

/// Jittered exponential backoff before try `attempt` (from 1): `first_ms`, twice that, four
/// times … (at most 64 times), plus up to as much again.
pub(crate) async fn backoff(first_ms: u64, attempt: u32) {
    let base = first_ms << attempt.min(6);
    tokio::time::sleep(StdDuration::from_millis(base + rand::random::<u64>() % base)).await;
}

/// What a view's transaction did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Every item was written: the view counted.
    Written,
    /// The visitor marker's condition failed: a known visitor (first try), or a repeat within the
    /// window (second try).
    MarkerRefused,
    /// The cap bucket is full.
    CapFull,
}

/// A stream of each written item's new image: what the aggregator reads.
fn new_images() -> Result<StreamSpecification, StoreError> {
    StreamSpecification::builder()
        .stream_enabled(true)
        .stream_view_type(StreamViewType::NewImage)
        .build()
        .map_err(StoreError::unavailable)
}

fn n(value: impl ToString) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

fn num(item: &HashMap<String, AttributeValue>, name: &str) -> u64 {
    item.get(name).and_then(|v| v.as_n().ok()).and_then(|s| s.parse().ok()).unwrap_or(0)
}

fn day_key(day: Date) -> String {
    format!("DAY#{}", day.format(DAY).unwrap_or_default())
}

fn millis(at: OffsetDateTime) -> i64 {
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

impl DynamoStore {
    /// [`Counting::Transaction`]: the marker and every counter the view adds to, in one
    /// transaction.
    async fn record_in_transaction(&self, view: &ViewRecord) -> Result<Recorded, StoreError> {
        let marker_pk = AttributeValue::S(format!("VISITOR#{}", view.visitor.as_str()));
        let marker_sk = AttributeValue::S(format!("PATH#{}", view.path));
        let at_ms = millis(view.at);
        let day = day_key(view.at.date());

        // A new visitor of this path today: no marker (or one whose TTL has passed).
        let put = Put::builder()
            .table_name(&self.table)
            .item("pk", marker_pk.clone())
            .item("sk", marker_sk.clone())
            .item("last_counted_ms", n(at_ms))
            .item("expires_at", n(view.marker_expires_at.unix_timestamp()))
            .condition_expression("attribute_not_exists(pk) OR expires_at <= :now")
            .expression_attribute_values(":now", n(view.at.unix_timestamp()))
            .build()
            .map_err(StoreError::unavailable)?;
        let first = vec![
            TransactWriteItem::builder().put(put).build(),
            self.add_counts(&view.path, "TOTAL".into(), 1)?,
            self.add_counts(&view.path, day.clone(), 1)?,
        ];
        let bucket = view.cap.as_ref().map(|cap| self.count_in_bucket(cap)).transpose()?;
        match self.transact_view(view, first, bucket.clone()).await? {
            Outcome::Written => return Ok(Recorded { counted: true, totals: self.read_totals(&view.path).await? }),
            Outcome::CapFull => return Ok(Recorded { counted: false, totals: self.read_totals(&view.path).await? }),
            Outcome::MarkerRefused => {}
        }

        // A known visitor: counts again only once the refresh window has passed.
        let cutoff = at_ms - view.window.whole_milliseconds() as i64;
        let renew = Update::builder()
            .table_name(&self.table)
            .key("pk", marker_pk)
            .key("sk", marker_sk)
            // A marker written with Counting::Stream has `counted_ms`; without it, the stream
            // carries this write as no view.
            .update_expression("SET last_counted_ms = :now REMOVE counted_ms")
            .condition_expression("attribute_exists(pk) AND (last_counted_ms <= :cutoff OR counted_ms <= :cutoff)")
            .expression_attribute_values(":now", n(at_ms))
            .expression_attribute_values(":cutoff", n(cutoff))
            .build()
            .map_err(StoreError::unavailable)?;
        let again = vec![
            TransactWriteItem::builder().update(renew).build(),
            self.add_counts(&view.path, "TOTAL".into(), 0)?,
            self.add_counts(&view.path, day, 0)?,
        ];
        let counted = self.transact_view(view, again, bucket).await? == Outcome::Written;
        Ok(Recorded { counted, totals: self.read_totals(&view.path).await? })
    }

    /// [`Counting::Stream`]: the view writes its marker and its cap bucket, and nothing another
    /// visitor's view writes. The page's totals are read first, so that the answer is them plus
    /// this view: the aggregator cannot have added a view that is not written yet.
    async fn record_own(&self, view: &ViewRecord) -> Result<Recorded, StoreError> {
        let before = self.read_totals(&view.path).await?;
        let marker_pk = AttributeValue::S(format!("VISITOR#{}", view.visitor.as_str()));
        let marker_sk = AttributeValue::S(format!("PATH#{}", view.path));
        let at_ms = millis(view.at);
        let a = &view.attribution;
        // What the aggregator adds: one view on its day, one visitor if `first`, one on each
        // value of its attribution.
        let fields = |first: bool| {
            [
                ("counted_ms", n(at_ms)),
                ("day", AttributeValue::S(view.at.date().format(DAY).unwrap_or_default())),
                ("first", n(u8::from(first))),
                ("link", AttributeValue::S(a.link.clone())),
                ("referrer", AttributeValue::S(a.referrer.clone())),
                ("country", AttributeValue::S(a.country.clone())),
            ]
        };
        let bucket = view.cap.as_ref().map(|cap| self.count_in_bucket(cap)).transpose()?;

        // A new visitor of this path today: no marker (or one whose TTL has passed).
        let mut put = Put::builder()
            .table_name(&self.table)
            .item("pk", marker_pk.clone())
            .item("sk", marker_sk.clone())
            .item("expires_at", n(view.marker_expires_at.unix_timestamp()))
            .condition_expression("attribute_not_exists(pk) OR expires_at <= :expired")
            .expression_attribute_values(":expired", n(view.at.unix_timestamp()));
        for (name, value) in fields(true) {
            put = put.item(name, value);
        }
        let put = put.build().map_err(StoreError::unavailable)?;
        let first = TransactWriteItem::builder().put(put).build();
        let counted = match self.write_own(first, bucket.clone()).await? {
            Outcome::Written => Some(Totals { views: 1, visitors: 1 }),
            Outcome::CapFull => None,
            Outcome::MarkerRefused => {
                // A known visitor: counts again only once the refresh window has passed. A
                // marker written with Counting::Transaction has `last_counted_ms` instead.
                let cutoff = at_ms - view.window.whole_milliseconds() as i64;
                let fields = fields(false);
                let set: Vec<String> = fields.iter().map(|(name, _)| format!("#{name} = :{name}")).collect();
                let mut renew = Update::builder()
                    .table_name(&self.table)
                    .key("pk", marker_pk)
                    .key("sk", marker_sk)
                    .update_expression(format!("SET {} REMOVE last_counted_ms", set.join(", ")))
                    .condition_expression(
                        "attribute_exists(pk) AND (#counted_ms <= :cutoff OR \
                         (attribute_not_exists(#counted_ms) AND last_counted_ms <= :cutoff))",
                    )
                    .expression_attribute_values(":cutoff", n(cutoff));
                for (name, value) in fields {
                    renew = renew
                        .expression_attribute_names(format!("#{name}"), name)
                        .expression_attribute_values(format!(":{name}"), value);
                }
                let renew =
                    TransactWriteItem::builder().update(renew.build().map_err(StoreError::unavailable)?).build();
                (self.write_own(renew, bucket).await? == Outcome::Written).then_some(Totals { views: 1, visitors: 0 })
            }
        };
        let totals = match counted {
            Some(own) => Totals { views: before.views + own.views, visitors: before.visitors + own.visitors },
            None => before,
        };
        Ok(Recorded { counted: counted.is_some(), totals })
    }

    /// Writes a view's marker and, with a cap, its cap bucket: one transaction of the two, or the
    /// marker's conditional write alone.
    async fn write_own(
        &self,
        marker: TransactWriteItem,
        bucket: Option<TransactWriteItem>,
    ) -> Result<Outcome, StoreError> {
        let Some(bucket) = bucket else {
            return self.write_marker(marker).await;
        };
        let failed = self.transact(vec![marker, bucket]).await?;
        Ok(match failed.iter().position(|r| r == "ConditionalCheckFailed") {
            None => Outcome::Written,
            Some(0) => Outcome::MarkerRefused,
            Some(_) => Outcome::CapFull,
        })
    }

    /// The marker's write on its own, as a plain conditional `PutItem` or `UpdateItem` (half the
    /// write units of a transaction's), tried again while a transaction of the same visitor's
    /// holds the marker.
    async fn write_marker(&self, marker: TransactWriteItem) -> Result<Outcome, StoreError> {
        let mut attempt = 0;
        loop {
            let result = if let Some(put) = marker.put() {
                self.client
                    .put_item()
                    .table_name(put.table_name())
                    .set_item(Some(put.item().clone()))
                    .set_condition_expression(put.condition_expression().map(str::to_owned))
                    .set_expression_attribute_values(put.expression_attribute_values().cloned())
                    .send()
                    .await
                    .map(drop)
                    .map_err(|e| e.into_service_error().meta().clone())
            } else if let Some(update) = marker.update() {
                self.client
                    .update_item()
                    .table_name(update.table_name())
                    .set_key(Some(update.key().clone()))
                    .update_expression(update.update_expression())
                    .set_condition_expression(update.condition_expression().map(str::to_owned))
                    .set_expression_attribute_names(update.expression_attribute_names().cloned())
                    .set_expression_attribute_values(update.expression_attribute_values().cloned())
                    .send()
                    .await
                    .map(drop)
                    .map_err(|e| e.into_service_error().meta().clone())
            } else {
                return Err(StoreError::Malformed("a marker's write is neither a put nor an update".into()));
            };
            let err = match result {
                Ok(()) => return Ok(Outcome::Written),
                Err(err) => err,
            };
            match err.code() {
                Some("ConditionalCheckFailedException") => return Ok(Outcome::MarkerRefused),
                Some("TransactionConflictException") if attempt < CONFLICT_RETRIES => {
                    attempt += 1;
                    backoff(10, attempt).await;
                }
                _ => return Err(StoreError::unavailable(err)),
            }
        }
    }
}

#[async_trait]
impl Store for DynamoStore {
    async fn record_view(&self, view: &ViewRecord) -> Result<Recorded, StoreError> {
        match self.counting {
            Counting::Stream => self.record_own(view).await,
            Counting::Transaction => self.record_in_transaction(view).await,
        }
    }

    async fn totals(&self, path: &PagePath) -> Result<Totals, StoreError> {
        self.read_totals(path).await
    }

    async fn daily(&self, path: &PagePath, first: Date, last: Date) -> Result<Vec<DayCount>, StoreError> {
        let items = self.query_all(Self::path_pk(path), Some((day_key(first), day_key(last)))).await?;
        items
            .iter()
            .map(|item| {
                let sk = item.get("sk").and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
                let date = Date::parse(sk.trim_start_matches("DAY#"), DAY)
                    .map_err(|_| StoreError::Malformed(format!("a day item has the sort key {sk:?}")))?;
                Ok(DayCount { date, views: num(item, "views"), visitors: num(item, "visitors") })
            })
            .collect()
    }

    async fn salt(&self, day: Date, candidate: Salt, expires_at: OffsetDateTime) -> Result<Salt, StoreError> {
        let key_pk = AttributeValue::S("SALT".into());
        let key_sk = AttributeValue::S(day_key(day));
        let put = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", key_pk.clone())
            .item("sk", key_sk.clone())
            .item("salt", AttributeValue::B(Blob::new(candidate.to_vec())))
            .item("expires_at", n(expires_at.unix_timestamp()))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        match put {
            Ok(_) => return Ok(candidate),
            Err(err) if err.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => {}
            Err(err) => return Err(StoreError::unavailable(err)),
        }
        let stored = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", key_pk)
            .key("sk", key_sk)
            .consistent_read(true)
            .send()
            .await
            .map_err(StoreError::unavailable)?;
        let bytes = stored
            .item()
            .and_then(|i| i.get("salt"))
            .and_then(|v| v.as_b().ok())
            .ok_or_else(|| StoreError::Malformed("the day's salt item has no salt".into()))?;
        Salt::try_from(bytes.as_ref())
            .map_err(|_| StoreError::Malformed(format!("a stored salt is {} bytes, not 32", bytes.as_ref().len())))
    }

    /// DynamoDB's TTL removes expired items by itself within about two days. This sweep is for
    /// runtimes that want them gone now (`serve --store dynamodb`, tests): it scans for expired
    /// markers and salts — fine for a resume's table, not something to run per request.
    async fn purge_expired(&self, now: OffsetDateTime) -> Result<u64, StoreError> {
        let mut keys = Vec::new();
        let mut start_key = None;
        loop {
            let page = self
                .client
                .scan()
                .table_name(&self.table)
                .filter_expression("attribute_exists(expires_at) AND expires_at <= :now")
                .expression_attribute_values(":now", n(now.unix_timestamp()))
                .projection_expression("pk, sk")
                .set_exclusive_start_key(start_key)
                .send()
                .await
                .map_err(StoreError::unavailable)?;
            keys.extend(page.items().iter().cloned());
            match page.last_evaluated_key() {
                Some(key) if !key.is_empty() => start_key = Some(key.clone()),
                _ => break,
            }
        }
        let removed = keys.len() as u64;
        for chunk in keys.chunks(25) {
            let mut requests: Vec<WriteRequest> = chunk
                .iter()
                .filter_map(|key| DeleteRequest::builder().set_key(Some(key.clone())).build().ok())
                .map(|d| WriteRequest::builder().delete_request(d).build())
                .collect();
            for _ in 0..5 {
                if requests.is_empty() {
                    break;
                }
                let out = self
                    .client
                    .batch_write_item()
                    .request_items(&self.table, requests.clone())
                    .send()
                    .await
                    .map_err(StoreError::unavailable)?;
                requests = out.unprocessed_items().and_then(|u| u.get(&self.table)).cloned().unwrap_or_default();
            }
        }
        Ok(removed)
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.client.describe_table().table_name(&self.table).send().await.map_err(StoreError::unavailable)?;
        Ok(())
    }

    async fn breakdown(
        &self,
        path: &PagePath,
        dimension: Dimension,
        first: Date,
        last: Date,
    ) -> Result<Vec<(String, u64)>, StoreError> {
        let (first, last) = (first.format(DAY).unwrap_or_default(), last.format(DAY).unwrap_or_default());
        let mut sums: HashMap<String, u64> = HashMap::new();
        for item in self
            .query_all(Self::path_pk(path), Some((format!("ATTR#{first}#"), format!("ATTR#{last}#\u{10ffff}"))))
            .await?
        {
            let sk = item.get("sk").and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
            // ATTR#<day>#<dimension>#<value>: the value may hold '#', the rest does not.
            let mut parts = sk.splitn(4, '#').skip(2);
            if parts.next() == Some(dimension.as_str()) {
                *sums.entry(parts.next().unwrap_or_default().to_owned()).or_default() += num(&item, "views");
            }
        }
        Ok(sums.into_iter().collect())
    }

    async fn add_link(&self, name: &str, at: OffsetDateTime) -> Result<bool, StoreError> {
        let put = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", AttributeValue::S("LINK".into()))
            .item("sk", AttributeValue::S(name.to_owned()))
            .item("created_at", n(at.unix_timestamp()))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        match put {
            Ok(_) => Ok(true),
            Err(err) if err.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => Ok(false),
            Err(err) => Err(StoreError::unavailable(err)),
        }
    }

    async fn remove_link(&self, name: &str) -> Result<bool, StoreError> {
        let out = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S("LINK".into()))
            .key("sk", AttributeValue::S(name.to_owned()))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::AllOld)
            .send()
            .await
            .map_err(StoreError::unavailable)?;
        Ok(out.attributes().is_some_and(|a| !a.is_empty()))
    }

    async fn links(&self) -> Result<Vec<Link>, StoreError> {
        let items = self.query_all(AttributeValue::S("LINK".into()), None).await?;
        let mut links: Vec<Link> = items
            .iter()
            .map(|item| Link {
                name: item.get("sk").and_then(|v| v.as_s().ok()).cloned().unwrap_or_default(),
                created: OffsetDateTime::from_unix_timestamp(num(item, "created_at") as i64)
                    .unwrap_or(OffsetDateTime::UNIX_EPOCH),
            })
            .collect();
        links.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(links)
    }

    async fn is_link(&self, name: &str) -> Result<bool, StoreError> {
        let item = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S("LINK".into()))
            .key("sk", AttributeValue::S(name.to_owned()))
            .consistent_read(true)
            .send()
            .await
            .map_err(StoreError::unavailable)?;
        Ok(item.item().is_some())
    }
}
