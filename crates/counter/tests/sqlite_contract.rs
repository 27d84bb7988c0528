//! The store contract, run against a real SQLite file. Every case opens its own store (its own
//! connections) on one shared file, which also shows that separate connections — as separate
//! processes would have — neither lose nor double a count.

use std::sync::Arc;

use counter::{SqliteStore, Store};

async fn shared_file_store() -> Arc<dyn Store> {
    let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("sqlite-contract.sqlite3");
    Arc::new(SqliteStore::open(file).expect("open the contract database"))
}

counter::store_contract_tests!(shared_file_store());
