//! `deploy site`, `deploy api` and `rollback api`: the arguments, handed to the `deploy` crate
//! (built with the `aws` feature).

use std::future::Future;
use std::time::Duration;

use anyhow::Context;
use deploy::{bucket, function};

use crate::cli::{DeployApiArgs, DeploySiteArgs, RollbackApiArgs};

pub fn site(args: DeploySiteArgs) -> anyhow::Result<()> {
    let files = match &args.dir {
        Some(dir) => bucket::files_in(dir)?,
        None => bucket::files_of(&super::render_resume(&args.resume, args.theme.as_deref(), args.strict, args.lang)?),
    };
    block_on(async {
        let config = deploy::sdk_config().await;
        let s3 = aws_sdk_s3::Client::new(&config);
        let cloudfront = aws_sdk_cloudfront::Client::new(&config);
        bucket::deploy(&s3, &cloudfront, &args.bucket, &args.distribution_id, &files, args.dry_run).await
    })
}

pub fn api(args: DeployApiArgs) -> anyhow::Result<()> {
    let zip = function::read_zip(&args.zip)?;
    block_on(async {
        let config = deploy::sdk_config().await;
        let lambda = aws_sdk_lambda::Client::new(&config);
        let cloudwatch = aws_sdk_cloudwatch::Client::new(&config);
        let target = function::Target { function: &args.function, alias: &args.alias };
        let canary = args
            .canary
            .map(|share| function::Canary { share, watch: Duration::from_secs_f64(args.canary_minutes * 60.0) });
        function::deploy(&lambda, &cloudwatch, target, zip, canary).await
    })
}

pub fn rollback_api(args: RollbackApiArgs) -> anyhow::Result<()> {
    block_on(async {
        let lambda = aws_sdk_lambda::Client::new(&deploy::sdk_config().await);
        function::rollback(&lambda, function::Target { function: &args.function, alias: &args.alias }).await
    })
}

fn block_on<F: Future<Output = anyhow::Result<()>>>(future: F) -> anyhow::Result<()> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?
        .block_on(future)
}
