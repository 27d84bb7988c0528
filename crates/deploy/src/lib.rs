//! Ships cloud-resume to AWS: the steps the site and API pipelines run, which `cloud-resume
//! deploy` also offers by hand. Everything talks to AWS through the standard environment, so
//! `AWS_ENDPOINT_URL` points it at any stand-in (the tests use moto).
//!
//! - [`bucket`]: the rendered site into its S3 bucket, each object with the headers it is served
//!   with ([`site::serving`]), then a CloudFront invalidation of what changed.
//! - [`function`]: a new API version to Lambda, which the `live` alias serves only once it has
//!   answered a health check (and, optionally, survived a canary).
//! - `cli` (the `cli` feature): the commands' arguments, and the commands.
//!
//! The steps need the `aws` feature (on by default).

#![warn(missing_docs)]

#[cfg(feature = "aws")]
pub mod bucket;
#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "aws")]
pub mod function;
#[cfg(feature = "aws")]
mod progress;

#[cfg(feature = "aws")]
pub use progress::Progress;

/// The AWS SDK set-up of every deploy: generous timeouts, three tries.
#[cfg(feature = "aws")]
pub async fn sdk_config() -> aws_config::SdkConfig {
    counter::settings::aws_sdk_config(counter::settings::SdkTimeouts::deploy()).await
}

/// The whole chain of an AWS SDK error ("service error" alone says nothing).
#[cfg(feature = "aws")]
fn sdk_error<E: std::error::Error + Send + Sync + 'static>(err: E) -> anyhow::Error {
    anyhow::anyhow!("{}", aws_sdk_s3::error::DisplayErrorContext(err))
}
