//! `cloud-resume deploy site`, `deploy api` and `rollback api`: their arguments (always, so that
//! a build without the AWS commands still parses and explains them) and, with the `aws` feature,
//! the commands, which hand the arguments to [`bucket`](crate::bucket) and
//! [`function`](crate::function).

use std::path::PathBuf;

use clap::Args;
use site::cli::SourceArgs;

/// `deploy site`.
#[derive(Debug, Args)]
pub struct DeploySiteArgs {
    /// The S3 bucket of the site (Terraform output bucket_name).
    #[arg(long, env = "CLOUD_RESUME_BUCKET")]
    pub bucket: String,

    /// The CloudFront distribution in front of the bucket (Terraform output distribution_id).
    #[arg(long, env = "CLOUD_RESUME_DISTRIBUTION_ID")]
    pub distribution_id: String,

    /// A folder written by `cloud-resume build` to upload. Without it, the resume is rendered
    /// first (--resume, --theme, --strict, --lang).
    #[arg(long, conflicts_with_all = ["resumes", "theme"])]
    pub dir: Option<PathBuf>,

    /// What the site is made from, without --dir.
    #[command(flatten)]
    pub source: SourceArgs,

    /// Print what would be uploaded, deleted and invalidated, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The function and the alias that a deploy or a rollback moves.
#[derive(Debug, Args)]
pub struct FunctionArgs {
    /// The Lambda function (Terraform output function_name).
    #[arg(long, env = "CLOUD_RESUME_FUNCTION")]
    pub function: String,

    /// The alias that the function URL and CloudFront serve.
    #[arg(long, default_value = "live")]
    pub alias: String,

    /// The aggregator of the table's stream (Terraform output aggregator_function_name): the same
    /// code, shipped with the API and moved (and rolled back) with it, on its alias of the same
    /// name.
    #[arg(long, env = "CLOUD_RESUME_AGGREGATOR")]
    pub aggregator: Option<String>,
}

/// `deploy api`.
#[derive(Debug, Args)]
pub struct DeployApiArgs {
    /// The function and its alias.
    #[command(flatten)]
    pub target: FunctionArgs,

    /// The zipped bootstrap (cargo lambda build --release --arm64 --output-format zip -p lambda).
    #[arg(long, default_value = "target/lambda/bootstrap/bootstrap.zip")]
    pub zip: PathBuf,

    /// Send this share of the traffic (like 10%) to the new version first, watch it for
    /// --canary-minutes, then promote it or roll back.
    #[arg(long, value_parser = parse_share)]
    pub canary: Option<f64>,

    /// How long to watch a canary (may be fractional, like 0.5).
    #[arg(long, default_value_t = 10.0, requires = "canary", value_parser = parse_minutes)]
    pub canary_minutes: f64,
}

/// `10%` or `10` → 0.10; a canary share is more than 0% and less than 100%.
pub fn parse_share(raw: &str) -> Result<f64, String> {
    let number = raw.trim().trim_end_matches('%').trim();
    match number.parse::<f64>() {
        Ok(percent) if percent > 0.0 && percent < 100.0 => Ok(percent / 100.0),
        _ => Err(format!("{raw:?} is not a canary share: write a percentage above 0 and below 100, like 10%")),
    }
}

/// A canary's watch: from 0 to 60 minutes.
pub fn parse_minutes(raw: &str) -> Result<f64, String> {
    match raw.trim().parse::<f64>() {
        Ok(minutes) if (0.0..=60.0).contains(&minutes) => Ok(minutes),
        _ => Err(format!("{raw:?} is not a number of minutes from 0 to 60")),
    }
}

#[cfg(feature = "aws")]
pub use commands::{deploy_api, deploy_site, rollback_api};

#[cfg(feature = "aws")]
mod commands {
    use std::time::Duration;

    use super::{DeployApiArgs, DeploySiteArgs, FunctionArgs};
    use crate::{bucket, function};

    impl FunctionArgs {
        fn target(&self) -> function::Target<'_> {
            function::Target { function: &self.function, alias: &self.alias }
        }

        fn aggregator(&self) -> Option<function::Target<'_>> {
            self.aggregator.as_deref().map(|function| function::Target { function, alias: &self.alias })
        }
    }

    /// Uploads what changed (rendering the resume first unless `--dir` names a build) and
    /// invalidates it.
    pub async fn deploy_site(args: DeploySiteArgs) -> anyhow::Result<()> {
        let files = match &args.dir {
            Some(dir) => bucket::files_in(dir)?,
            None => bucket::files_of(&site::cli::build_reporting(&args.source.sources())?.site),
        };
        let config = crate::sdk_config().await;
        let s3 = aws_sdk_s3::Client::new(&config);
        let cloudfront = aws_sdk_cloudfront::Client::new(&config);
        bucket::deploy(&s3, &cloudfront, &args.bucket, &args.distribution_id, &files, args.dry_run).await
    }

    /// Publishes, smoke-tests and routes a new version of the function.
    pub async fn deploy_api(args: DeployApiArgs) -> anyhow::Result<()> {
        let zip = function::read_zip(&args.zip)?;
        let config = crate::sdk_config().await;
        let lambda = aws_sdk_lambda::Client::new(&config);
        let cloudwatch = aws_sdk_cloudwatch::Client::new(&config);
        let canary = args
            .canary
            .map(|share| function::Canary { share, watch: Duration::from_secs_f64(args.canary_minutes * 60.0) });
        function::deploy(&lambda, &cloudwatch, args.target.target(), args.target.aggregator(), zip, canary).await
    }

    /// Moves the alias back to the version before the last deploy (and the aggregator's).
    pub async fn rollback_api(args: FunctionArgs) -> anyhow::Result<()> {
        let lambda = aws_sdk_lambda::Client::new(&crate::sdk_config().await);
        function::rollback(&lambda, args.target()).await?;
        if let Some(aggregator) = args.aggregator() {
            function::rollback(&lambda, aggregator).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canary_shares() {
        assert_eq!(parse_share("10%").unwrap(), 0.10);
        assert_eq!(parse_share("2.5").unwrap(), 0.025);
        for bad in ["0%", "100%", "-5", "ten", "", "NaN"] {
            assert!(parse_share(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_minutes("0.5").unwrap(), 0.5);
        assert!(parse_minutes("61").is_err());
        assert!(parse_minutes("-1").is_err());
    }
}
