//! [`StreamFollower`]: the aggregator run in-process, reading the table's stream itself through
//! the DynamoDB Streams API (what `serve --store dynamodb` does against a local
//! DynamoDB-compatible endpoint; in the cloud Lambda reads the stream and invokes the aggregator).

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_dynamodbstreams::types::{AttributeValue, Record, ShardIteratorType};
use tokio::sync::Mutex;

use super::aggregate::{Aggregator, Change, ChangeKind};
use crate::StoreError;

/// Reads every shard of a table's stream from where the aggregator got to, and adds what is new.
#[derive(Debug)]
pub struct StreamFollower {
    dynamodb: aws_sdk_dynamodb::Client,
    streams: aws_sdk_dynamodbstreams::Client,
    table: String,
    aggregator: Aggregator,
    /// The stream's ARN and each shard's next iterator, between two catch-ups; one catch-up at a
    /// time.
    state: Mutex<Followed>,
}

#[derive(Debug, Default)]
struct Followed {
    stream: Option<String>,
    iterators: HashMap<String, Option<String>>,
}

impl StreamFollower {
    /// A follower of `table`'s stream; both clients from the same AWS environment.
    pub fn new(
        dynamodb: aws_sdk_dynamodb::Client,
        streams: aws_sdk_dynamodbstreams::Client,
        table: impl Into<String>,
    ) -> Self {
        let table = table.into();
        let aggregator = Aggregator::new(dynamodb.clone(), table.clone());
        Self { dynamodb, streams, table, aggregator, state: Mutex::new(Followed::default()) }
    }

    /// Reads each shard to its end as it is now and adds its new views; returns how many.
    pub async fn catch_up(&self) -> Result<u64, StoreError> {
        let mut state = self.state.lock().await;
        let stream = match &state.stream {
            Some(arn) => arn.clone(),
            None => {
                let table = self.dynamodb.describe_table().table_name(&self.table).send().await;
                let table = table.map_err(StoreError::unavailable)?;
                let arn = table.table().and_then(|t| t.latest_stream_arn()).ok_or_else(|| {
                    StoreError::unavailable(format!(
                        "the table {} has no stream; `cloud-resume table create --table {}` turns it on",
                        self.table, self.table
                    ))
                })?;
                state.stream = Some(arn.to_owned());
                arn.to_owned()
            }
        };
        let mut added = 0;
        for shard in self.shards(&stream).await? {
            let iterator = match state.iterators.get(&shard) {
                Some(None) => continue, // closed and read to its end
                Some(Some(iterator)) => iterator.clone(),
                None => self.iterator(&stream, &shard).await?,
            };
            let (next, views) = self.read(&shard, iterator).await?;
            added += views;
            state.iterators.insert(shard, next);
        }
        Ok(added)
    }

    /// Catches up every `every` until the process ends. A failure is logged (once while it
    /// lasts) and tried again, less and less often, up to every 30 s.
    pub async fn follow(self, every: Duration) {
        let mut failing: Option<String> = None;
        let mut wait = every;
        loop {
            match self.catch_up().await {
                Ok(views) => {
                    if failing.take().is_some() {
                        tracing::info!("reading the table's stream again");
                    }
                    if views > 0 {
                        tracing::debug!(views, "added views from the table's stream");
                    }
                    wait = every;
                }
                Err(err) => {
                    let said = err.chain();
                    if failing.as_deref() != Some(said.as_str()) {
                        tracing::warn!(error = %said, "could not add the views of the table's stream yet; trying again");
                        failing = Some(said);
                    }
                    // Iterators expire; begin again from the positions kept in the table.
                    *self.state.lock().await = Followed::default();
                    wait = (wait * 2).min(Duration::from_secs(30));
                }
            }
            tokio::time::sleep(wait).await;
        }
    }

    async fn shards(&self, stream: &str) -> Result<Vec<String>, StoreError> {
        let mut shards = Vec::new();
        let mut after = None;
        loop {
            let page = self
                .streams
                .describe_stream()
                .stream_arn(stream)
                .set_exclusive_start_shard_id(after)
                .send()
                .await
                .map_err(StoreError::unavailable)?;
            let description = page.stream_description();
            shards.extend(
                description
                    .map(|d| d.shards())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|s| s.shard_id())
                    .map(str::to_owned),
            );
            after = description.and_then(|d| d.last_evaluated_shard_id()).map(str::to_owned);
            if after.is_none() {
                return Ok(shards);
            }
        }
    }

    /// An iterator after the shard's last record added, or at its oldest record.
    async fn iterator(&self, stream: &str, shard: &str) -> Result<String, StoreError> {
        let request = self.streams.get_shard_iterator().stream_arn(stream).shard_id(shard);
        let request = match self.aggregator.position(shard).await? {
            Some(sequence) => {
                request.shard_iterator_type(ShardIteratorType::AfterSequenceNumber).sequence_number(sequence)
            }
            None => request.shard_iterator_type(ShardIteratorType::TrimHorizon),
        };
        let answer = request.send().await.map_err(StoreError::unavailable)?;
        answer.shard_iterator().map(str::to_owned).ok_or_else(|| StoreError::Malformed("no shard iterator".into()))
    }

    /// Reads from `iterator` until the shard has no more records now, and adds what it read in
    /// batches of up to [`BATCH`] records (as Lambda hands the aggregator up to 1,000): the
    /// iterator to go on from (none once a closed shard is read) and the views added.
    async fn read(&self, shard: &str, mut iterator: String) -> Result<(Option<String>, u64), StoreError> {
        let mut added = 0;
        let mut batch: Vec<Change> = Vec::new();
        loop {
            let page =
                self.streams.get_records().shard_iterator(&iterator).send().await.map_err(StoreError::unavailable)?;
            batch.extend(page.records().iter().filter_map(change));
            let next = page.next_shard_iterator().map(str::to_owned);
            let done = next.is_none() || page.records().is_empty();
            if !batch.is_empty() && (done || batch.len() >= BATCH) {
                added += self.aggregator.apply(shard, &batch).await?.views;
                batch.clear();
            }
            match next {
                Some(next) if !done => iterator = next,
                next => return Ok((next, added)),
            }
        }
    }
}

/// The most records the follower adds at once.
const BATCH: usize = 1000;

/// A stream record as the aggregator reads it.
fn change(record: &Record) -> Option<Change> {
    let kind = ChangeKind::from_event_name(record.event_name()?.as_str())?;
    let data = record.dynamodb()?;
    let image = data
        .new_image()
        .into_iter()
        .flatten()
        .filter_map(|(name, value)| match value {
            AttributeValue::S(text) | AttributeValue::N(text) => Some((name.clone(), text.clone())),
            _ => None,
        })
        .collect();
    Some(Change { sequence: data.sequence_number()?.to_owned(), kind, image })
}
