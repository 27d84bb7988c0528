//! The store contract, run against the reopening SQLite store `serve` uses, and what it does with
//! a database it cannot open yet.

use std::sync::Arc;

use counter::{REOPEN_EVERY, ReopeningSqlite, Store, StoreError};

async fn reopening_store() -> Arc<dyn Store> {
    let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("reopening-contract.sqlite3");
    let store = ReopeningSqlite::open(file).await;
    assert!(store.is_open().await, "the contract database opens at once");
    Arc::new(store)
}

counter::store_contract_tests!(reopening_store());

#[tokio::test]
async fn a_database_that_cannot_be_opened_is_unavailable_until_it_can() {
    let dir = tempfile::tempdir().unwrap();
    // The database's folder is a file for now: nothing can be created under it.
    let folder = dir.path().join("data");
    std::fs::write(&folder, b"not a folder").unwrap();
    let store = ReopeningSqlite::open(folder.join("counter.sqlite3")).await;
    assert!(!store.is_open().await);
    let err = store.ping().await.unwrap_err();
    assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
    assert!(err.chain().contains("could not be opened"), "{}", err.chain());

    // Fixed: the next attempt, no sooner than REOPEN_EVERY after the last, opens it.
    std::fs::remove_file(&folder).unwrap();
    std::fs::create_dir(&folder).unwrap();
    assert!(store.ping().await.is_err(), "tried again before REOPEN_EVERY");
    tokio::time::sleep(REOPEN_EVERY + std::time::Duration::from_millis(100)).await;
    store.ping().await.expect("opened on the next attempt");
    assert!(store.is_open().await);
    assert!(folder.join("counter.sqlite3").exists());
}
