//! The store contract, run against a DynamoDB endpoint: moto server on loopback in the test
//! command (`scripts/test` starts it and sets `AWS_ENDPOINT_URL`). The store gets nothing but
//! the standard AWS environment, as in production.

use std::sync::Arc;

use aws_config::BehaviorVersion;
use counter::{DynamoStore, Store};

const TABLE: &str = "counter-contract";

async fn moto_store() -> Arc<dyn Store> {
    assert!(
        std::env::var_os("AWS_ENDPOINT_URL").is_some(),
        "AWS_ENDPOINT_URL must point at a DynamoDB endpoint (scripts/test starts moto and sets it)"
    );
    let config = aws_config::defaults(BehaviorVersion::latest()).load().await;
    let store = DynamoStore::new(aws_sdk_dynamodb::Client::new(&config), TABLE);
    store.create_table().await.expect("create the contract table");
    Arc::new(store)
}

counter::store_contract_tests!(needs_emulators: moto_store());
