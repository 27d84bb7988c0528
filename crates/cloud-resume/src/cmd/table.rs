use anyhow::Context;
use counter::DynamoStore;

use crate::cli::TableCommand;

pub fn run(command: TableCommand) -> anyhow::Result<()> {
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().context("starting the async runtime")?;
    match command {
        TableCommand::Create { table } => runtime.block_on(async {
            let store = DynamoStore::new(
                counter::settings::dynamodb_client(std::time::Duration::from_secs(10)).await,
                table.clone(),
            );
            let created = store.create_table().await.with_context(|| format!("creating the DynamoDB table {table}"))?;
            if created {
                println!("created table {table} (on-demand, TTL on expires_at)");
            } else {
                println!("table {table} already exists; TTL on expires_at is on");
            }
            anyhow::Ok(())
        }),
    }
}
