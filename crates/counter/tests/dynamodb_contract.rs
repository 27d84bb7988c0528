//! The store contract, run against a DynamoDB endpoint: moto server on loopback behind the
//! stand-in of DynamoDB's transaction conflict rules, in the test command (`scripts/test` starts
//! it and sets `AWS_ENDPOINT_URL`). The store gets nothing but the standard AWS environment, as
//! in production.
//!
//! With [`Counting::Stream`] the shared counters are summed from the table's stream, seconds
//! behind the views. The lag is allowed for, and no assertion weakened: the store under test
//! reads the stream to its end ([`StreamFollower::catch_up`]) before each call, as the counts
//! are once the aggregator has caught up.

use std::sync::Arc;

use async_trait::async_trait;
use aws_config::BehaviorVersion;
use counter::attribution::Dimension;
use counter::{
    DayCount, DynamoStore, Link, PagePath, Recorded, Salt, Store, StoreError, StreamFollower, Totals, ViewRecord,
};
use time::{Date, OffsetDateTime};

const TABLE: &str = "counter-contract";

/// The store, with its stream read to the end before each call.
struct CaughtUp {
    store: DynamoStore,
    follower: StreamFollower,
}

impl CaughtUp {
    async fn settle(&self) -> Result<(), StoreError> {
        self.follower.catch_up().await.map(drop)
    }
}

#[async_trait]
impl Store for CaughtUp {
    async fn record_view(&self, view: &ViewRecord) -> Result<Recorded, StoreError> {
        self.settle().await?;
        self.store.record_view(view).await
    }
    async fn totals(&self, path: &PagePath) -> Result<Totals, StoreError> {
        self.settle().await?;
        self.store.totals(path).await
    }
    async fn daily(&self, path: &PagePath, first: Date, last: Date) -> Result<Vec<DayCount>, StoreError> {
        self.settle().await?;
        self.store.daily(path, first, last).await
    }
    async fn salt(&self, day: Date, candidate: Salt, expires_at: OffsetDateTime) -> Result<Salt, StoreError> {
        self.store.salt(day, candidate, expires_at).await
    }
    async fn purge_expired(&self, now: OffsetDateTime) -> Result<u64, StoreError> {
        self.settle().await?;
        self.store.purge_expired(now).await
    }
    async fn ping(&self) -> Result<(), StoreError> {
        self.store.ping().await
    }
    async fn breakdown(
        &self,
        path: &PagePath,
        dimension: Dimension,
        first: Date,
        last: Date,
    ) -> Result<Vec<(String, u64)>, StoreError> {
        self.settle().await?;
        self.store.breakdown(path, dimension, first, last).await
    }
    async fn add_link(&self, name: &str, at: OffsetDateTime) -> Result<bool, StoreError> {
        self.store.add_link(name, at).await
    }
    async fn remove_link(&self, name: &str) -> Result<bool, StoreError> {
        self.store.remove_link(name).await
    }
    async fn links(&self) -> Result<Vec<Link>, StoreError> {
        self.store.links().await
    }
    async fn is_link(&self, name: &str) -> Result<bool, StoreError> {
        self.store.is_link(name).await
    }
}

async fn moto_store() -> Arc<dyn Store> {
    assert!(
        std::env::var_os("AWS_ENDPOINT_URL").is_some(),
        "AWS_ENDPOINT_URL must point at a DynamoDB endpoint (scripts/test starts moto and sets it)"
    );
    let config = aws_config::defaults(BehaviorVersion::latest()).load().await;
    let client = aws_sdk_dynamodb::Client::new(&config);
    let store = DynamoStore::new(client.clone(), TABLE);
    store.create_table().await.expect("create the contract table");
    let follower = StreamFollower::new(client, aws_sdk_dynamodbstreams::Client::new(&config), TABLE);
    Arc::new(CaughtUp { store, follower })
}

counter::store_contract_tests!(needs_emulators: moto_store());
