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

/// Processes that start together on a new file (the case above, on a fresh CI machine) must all
/// open it: creating the schema takes the write lock up front, so a second opener waits for it
/// instead of failing with "database is locked".
#[test]
fn many_stores_opening_a_new_file_at_once_all_succeed() {
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("fresh.sqlite3");
        let barrier = Arc::new(std::sync::Barrier::new(8));
        let openers: Vec<_> = (0..8)
            .map(|_| {
                let (file, barrier) = (file.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    SqliteStore::open(&file).map(|_| ())
                })
            })
            .collect();
        for opener in openers {
            opener.join().unwrap().unwrap_or_else(|e| panic!("round {round}: {e:?}"));
        }
    }
}
