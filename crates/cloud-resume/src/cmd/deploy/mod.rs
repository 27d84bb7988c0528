//! `deploy site`, `deploy api` and `rollback api`: the steps the site and API pipelines run,
//! usable by hand as well. All talk to AWS through the standard environment, so
//! `AWS_ENDPOINT_URL` points them at any stand-in (the tests use moto).

use std::future::Future;
use std::time::Duration;

use anyhow::Context;

use crate::cli::{DeployApiArgs, DeploySiteArgs, RollbackApiArgs};

mod api;
mod progress;
mod site;

pub fn site(args: DeploySiteArgs) -> anyhow::Result<()> {
    let files = match &args.dir {
        Some(dir) => site::files_in(dir)?,
        None => site::files_of(&super::render_resume(&args.resume, args.theme.as_deref(), args.strict, args.lang)?),
    };
    block_on(async {
        let config = sdk_config().await;
        let s3 = aws_sdk_s3::Client::new(&config);
        let cloudfront = aws_sdk_cloudfront::Client::new(&config);
        site::deploy(&s3, &cloudfront, &args.bucket, &args.distribution_id, &files, args.dry_run).await
    })
}

pub fn api(args: DeployApiArgs) -> anyhow::Result<()> {
    let zip = api::read_zip(&args.zip)?;
    block_on(async {
        let config = sdk_config().await;
        let lambda = aws_sdk_lambda::Client::new(&config);
        let cloudwatch = aws_sdk_cloudwatch::Client::new(&config);
        let target = api::Target { function: &args.function, alias: &args.alias };
        let canary =
            args.canary.map(|share| api::Canary { share, watch: Duration::from_secs_f64(args.canary_minutes * 60.0) });
        api::deploy(&lambda, &cloudwatch, target, zip, canary).await
    })
}

pub fn rollback_api(args: RollbackApiArgs) -> anyhow::Result<()> {
    block_on(async {
        let lambda = aws_sdk_lambda::Client::new(&sdk_config().await);
        api::rollback(&lambda, api::Target { function: &args.function, alias: &args.alias }).await
    })
}

fn block_on<F: Future<Output = anyhow::Result<()>>>(future: F) -> anyhow::Result<()> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?
        .block_on(future)
}

async fn sdk_config() -> aws_config::SdkConfig {
    counter::settings::aws_sdk_config(counter::settings::SdkTimeouts::deploy()).await
}

/// The whole chain of an AWS SDK error ("service error" alone says nothing).
fn sdk_error<E: std::error::Error + Send + Sync + 'static>(err: E) -> anyhow::Error {
    anyhow::anyhow!("{}", aws_sdk_s3::error::DisplayErrorContext(err))
}
