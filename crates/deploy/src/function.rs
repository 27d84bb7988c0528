//! A new API version to Lambda. The alias (`live`) is what the function URL, and so CloudFront,
//! serves; it only ever moves to a published version that has answered a health check, so a bad
//! build never takes the API down.
//!
//! The versions the alias pointed at before are kept, newest first, in the alias's own
//! description: [`rollback`] needs no other state, and a version that failed its smoke test (and
//! never served) is never rolled back to.
//!
//! [`deploy`] runs the steps in order: [`publish`], [`smoke_test`], [`route_canary`] and
//! [`watch_canary`] (with a canary), [`promote`]. Each is usable alone.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::AliasRoutingConfiguration;
use serde_json::{Value, json};

use crate::sdk_error;

/// Starts the alias description that holds the previous versions.
const HISTORY_PREFIX: &str = "cloud-resume previous versions:";
/// Lambda allows 256 characters of description.
const DESCRIPTION_MAX: usize = 256;
/// How long a code update may take to finish before the deploy gives up.
const UPDATE_TIMEOUT: Duration = Duration::from_secs(300);

/// The function and the alias that serves it.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The function's name or ARN.
    pub function: &'a str,
    /// The alias the function URL serves (`live`).
    pub alias: &'a str,
}

/// A share of requests sent to the new version for a while before it takes them all.
#[derive(Debug, Clone, Copy)]
pub struct Canary {
    /// The share of requests for the new version, above 0 and below 1.
    pub share: f64,
    /// How long the canary is watched.
    pub watch: Duration,
}

/// A version published by [`publish`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The version number Lambda gave it.
    pub version: String,
    /// The SHA-256 of its code, as Lambda reports it (base64).
    pub code_sha256: String,
}

/// What the alias serves now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasState {
    /// The version it points at.
    pub version: String,
    /// Earlier versions, newest first.
    pub history: Vec<String>,
}

/// The zip, after a look at its first bytes: a wrong path should not become a broken version.
pub fn read_zip(path: &Path) -> anyhow::Result<Vec<u8>> {
    let bytes = std::fs::read(path).with_context(|| {
        format!(
            "reading {}; build it with `cargo lambda build --release --arm64 --output-format zip -p lambda`",
            path.display()
        )
    })?;
    if !bytes.starts_with(b"PK\x03\x04") {
        bail!("{} is not a zip file; give --zip the bootstrap.zip that `cargo lambda build` writes", path.display());
    }
    Ok(bytes)
}

/// Ships `zip` as a new version and moves the alias to it once it is healthy (after a watched
/// canary, when one is given). With an `aggregator`, the same code is published there too,
/// smoke-tested with an empty stream batch, and its alias moved once the API's has. On any
/// failure both aliases keep serving what they served.
pub async fn deploy(
    lambda: &aws_sdk_lambda::Client,
    cloudwatch: &aws_sdk_cloudwatch::Client,
    target: Target<'_>,
    aggregator: Option<Target<'_>>,
    zip: Vec<u8>,
    canary: Option<Canary>,
) -> anyhow::Result<()> {
    let Target { function, alias } = target;
    let before = alias_state(lambda, target).await?;
    println!("{function}:{alias} serves version {}", before.version);
    let aggregator = match aggregator {
        Some(aggregator) => Some(ship_aggregator(lambda, aggregator, zip.clone(), &before.version).await?),
        None => None,
    };
    let Published { version, code_sha256 } = publish(lambda, function, zip).await?;
    println!("published version {version} (code sha256 {code_sha256})");
    if let Err(reason) = smoke_test(lambda, function, &version).await {
        bail!(
            "version {version} failed its smoke test: {reason}. {function}:{alias} still serves version {}",
            before.version
        );
    }
    println!("version {version} answered GET /api/health with 200");
    if version == before.version {
        println!("{function}:{alias} already serves version {version}; nothing to move");
        return Ok(());
    }
    if let Some(canary) = canary {
        route_canary(lambda, target, &before.version, &version, canary.share).await?;
        println!(
            "canary: {:.0}% of requests go to version {version} for {}s",
            canary.share * 100.0,
            canary.watch.as_secs()
        );
        if let Err(reason) = watch_canary(lambda, cloudwatch, target, &version, canary.watch).await {
            end_canary(lambda, target, &before.version)
                .await
                .context("rolling the canary back (the alias may still route a share to it)")?;
            bail!(
                "the canary version {version} failed: {reason}. Rolled back: {function}:{alias} serves version {} alone",
                before.version
            );
        }
    }
    let mut history = before.history;
    history.insert(0, before.version.clone());
    promote(lambda, target, &version, &history).await?;
    println!("{function}:{alias} moved from version {} to {version}", before.version);
    if let Some((aggregator, before, version)) = aggregator {
        if version != before.version {
            let mut history = before.history;
            history.insert(0, before.version.clone());
            promote(lambda, aggregator, &version, &history).await?;
        }
        println!("{}:{} moved from version {} to {version}", aggregator.function, aggregator.alias, before.version);
    }
    Ok(())
}

/// Publishes the aggregator's version of `zip` and smoke-tests it; its alias is moved later,
/// once the API's has. Returns the target, what its alias served, and the new version.
async fn ship_aggregator<'a>(
    lambda: &aws_sdk_lambda::Client,
    target: Target<'a>,
    zip: Vec<u8>,
    api_version: &str,
) -> anyhow::Result<(Target<'a>, AliasState, String)> {
    let Target { function, alias } = target;
    let before = alias_state(lambda, target).await?;
    println!("{function}:{alias} serves version {}", before.version);
    let Published { version, code_sha256 } = publish(lambda, function, zip).await?;
    println!("published version {version} of {function} (code sha256 {code_sha256})");
    if let Err(reason) = smoke_test_aggregator(lambda, function, &version).await {
        bail!(
            "version {version} of {function} failed its smoke test: {reason}. Nothing moved: {function}:{alias} still \
             serves version {}, and the API version {api_version}",
            before.version
        );
    }
    println!("version {version} of {function} answered an empty stream batch");
    Ok((target, before, version))
}

/// Moves the alias back to the version it served before the current one.
pub async fn rollback(lambda: &aws_sdk_lambda::Client, target: Target<'_>) -> anyhow::Result<()> {
    let Target { function, alias } = target;
    let current = alias_state(lambda, target).await?;
    let Some((previous, older)) = current.history.split_first() else {
        bail!(
            "{function}:{alias} has no previous version on record (deploy api records one each time it moves \
             the alias); move it by hand with `aws lambda update-alias` if needed"
        );
    };
    promote(lambda, target, previous, older).await?;
    println!("{function}:{alias} moved back from version {} to {previous}", current.version);
    Ok(())
}

/// Uploads the code, waits for the update to finish and publishes exactly that code as a version.
pub async fn publish(lambda: &aws_sdk_lambda::Client, function: &str, zip: Vec<u8>) -> anyhow::Result<Published> {
    wait_until_updated(lambda, function).await?;
    let update = lambda
        .update_function_code()
        .function_name(function)
        .zip_file(Blob::new(zip))
        .send()
        .await
        .map_err(sdk_error)
        .with_context(|| format!("uploading the new code of {function}"))?;
    let code_sha256 = update.code_sha256().unwrap_or_default().to_owned();
    wait_until_updated(lambda, function).await?;
    let version = lambda
        .publish_version()
        .function_name(function)
        .code_sha256(&code_sha256)
        .description(format!("cloud-resume, code sha256 {code_sha256}"))
        .send()
        .await
        .map_err(sdk_error)
        .with_context(|| format!("publishing a version of {function}"))?
        .version()
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("Lambda published a version of {function} without a number"))?;
    Ok(Published { version, code_sha256 })
}

/// Sends `share` of the alias's requests to `canary`, the rest to `stable`.
pub async fn route_canary(
    lambda: &aws_sdk_lambda::Client,
    target: Target<'_>,
    stable: &str,
    canary: &str,
    share: f64,
) -> anyhow::Result<()> {
    update_alias(lambda, target, AliasChange { version: stable, canary: Some((canary, share)), history: None }).await
}

/// Sends every request of the alias to `stable` again, ending a canary.
pub async fn end_canary(lambda: &aws_sdk_lambda::Client, target: Target<'_>, stable: &str) -> anyhow::Result<()> {
    update_alias(lambda, target, AliasChange { version: stable, canary: None, history: None }).await
}

/// Points the alias at `version` alone and records `history` (newest first) in its description.
pub async fn promote(
    lambda: &aws_sdk_lambda::Client,
    target: Target<'_>,
    version: &str,
    history: &[String],
) -> anyhow::Result<()> {
    update_alias(lambda, target, AliasChange { version, canary: None, history: Some(history) }).await
}

/// The version the alias serves and the versions it served before.
pub async fn alias_state(
    lambda: &aws_sdk_lambda::Client,
    Target { function, alias }: Target<'_>,
) -> anyhow::Result<AliasState> {
    let answer =
        lambda.get_alias().function_name(function).name(alias).send().await.map_err(sdk_error).with_context(|| {
            format!("reading the alias {function}:{alias} (Terraform creates it: apply infra/ first)")
        })?;
    let version = answer
        .function_version()
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("the alias {function}:{alias} points at no version"))?;
    Ok(AliasState { version, history: parse_history(answer.description().unwrap_or_default()) })
}

/// One change of the alias: where it points, a share for a canary, and the history to record.
struct AliasChange<'a> {
    version: &'a str,
    canary: Option<(&'a str, f64)>,
    history: Option<&'a [String]>,
}

async fn update_alias(
    lambda: &aws_sdk_lambda::Client,
    Target { function, alias }: Target<'_>,
    change: AliasChange<'_>,
) -> anyhow::Result<()> {
    // An empty map clears any canary routing.
    let weights: HashMap<String, f64> = change.canary.map(|(v, share)| (v.to_owned(), share)).into_iter().collect();
    let mut update = lambda
        .update_alias()
        .function_name(function)
        .name(alias)
        .function_version(change.version)
        .routing_config(AliasRoutingConfiguration::builder().set_additional_version_weights(Some(weights)).build());
    if let Some(history) = change.history {
        update = update.description(history_description(history));
    }
    update
        .send()
        .await
        .map_err(sdk_error)
        .with_context(|| format!("moving {function}:{alias} to version {}", change.version))?;
    Ok(())
}

/// The newest versions that fit in a description, newest first.
fn history_description(history: &[String]) -> String {
    let mut description = HISTORY_PREFIX.to_owned();
    for version in history {
        if description.len() + 1 + version.len() > DESCRIPTION_MAX {
            break;
        }
        description.push(' ');
        description.push_str(version);
    }
    description
}

fn parse_history(description: &str) -> Vec<String> {
    description
        .strip_prefix(HISTORY_PREFIX)
        .map(|rest| {
            rest.split_whitespace()
                .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

async fn wait_until_updated(lambda: &aws_sdk_lambda::Client, function: &str) -> anyhow::Result<()> {
    use aws_sdk_lambda::client::Waiters;
    lambda
        .wait_until_function_updated_v2()
        .function_name(function)
        .wait(UPDATE_TIMEOUT)
        .await
        .map_err(sdk_error)
        .with_context(|| format!("waiting for the update of {function} to finish"))?;
    Ok(())
}

/// A function URL event (payload format 2.0) for `GET /api/health`, as CloudFront would send.
pub fn health_event() -> Value {
    json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": "/api/health",
        "rawQueryString": "",
        "headers": {
            "accept": "application/json",
            "host": "smoke-test.lambda-url.invalid",
            "user-agent": "cloud-resume-deploy-smoke-test"
        },
        "requestContext": {
            "accountId": "anonymous",
            "apiId": "smoke-test",
            "domainName": "smoke-test.lambda-url.invalid",
            "domainPrefix": "smoke-test",
            "http": {
                "method": "GET",
                "path": "/api/health",
                "protocol": "HTTP/1.1",
                "sourceIp": "192.0.2.1",
                "userAgent": "cloud-resume-deploy-smoke-test"
            },
            "requestId": "cloud-resume-smoke-test",
            "routeKey": "$default",
            "stage": "$default",
            "time": "01/Jan/2026:00:00:00 +0000",
            "timeEpoch": 1_767_225_600_000_i64
        },
        "isBase64Encoded": false
    })
}

/// A stream batch of no records, as Lambda sends an aggregator whose mapping has a tumbling
/// window (the end of a window with nothing in it): the aggregator reads where it got to in the
/// shard, and so its table, and adds nothing.
pub fn empty_batch_event() -> Value {
    json!({
        "Records": [],
        "window": {"start": "2026-01-01T00:00:00Z", "end": "2026-01-01T00:01:00Z"},
        "state": {},
        "shardId": "shardId-cloud-resume-smoke-test",
        "eventSourceARN": "arn:aws:dynamodb:us-east-1:000000000000:table/smoke-test/stream/2026-01-01T00:00:00.000",
        "isFinalInvokeForWindow": true,
        "isWindowTerminatedEarly": false
    })
}

/// Invokes exactly `version` of the aggregator with [`empty_batch_event`]: Ok only for a
/// tumbling window's answer (a state, no failed record).
pub async fn smoke_test_aggregator(
    lambda: &aws_sdk_lambda::Client,
    function: &str,
    version: &str,
) -> Result<(), String> {
    let payload = invoke(lambda, function, version, empty_batch_event()).await?;
    let response: Value = serde_json::from_str(&payload)
        .map_err(|_| format!("the answer is not a stream batch response: {}", clip(&payload)))?;
    match (response.get("state"), response["batchItemFailures"].as_array()) {
        (Some(state), Some(failures)) if state.is_object() && failures.is_empty() => Ok(()),
        _ => Err(format!("the answer is not an empty batch's: {}", clip(&payload))),
    }
}

/// Invokes exactly `version` with `event`: its answer, or why there is none.
async fn invoke(
    lambda: &aws_sdk_lambda::Client,
    function: &str,
    version: &str,
    event: Value,
) -> Result<String, String> {
    let answer = lambda
        .invoke()
        .function_name(function)
        .qualifier(version)
        .payload(Blob::new(event.to_string()))
        .send()
        .await
        .map_err(|e| format!("the invocation failed ({})", aws_sdk_lambda::error::DisplayErrorContext(e)))?;
    let payload = answer.payload().map(|p| String::from_utf8_lossy(p.as_ref()).into_owned()).unwrap_or_default();
    if let Some(error) = answer.function_error() {
        return Err(format!("the function failed ({error}): {}", clip(&payload)));
    }
    Ok(payload)
}

/// Invokes exactly `version` with the health event: Ok only for a 200 `{"status":"ok"}`.
pub async fn smoke_test(lambda: &aws_sdk_lambda::Client, function: &str, version: &str) -> Result<(), String> {
    let payload = invoke(lambda, function, version, health_event()).await?;
    let response: Value = serde_json::from_str(&payload)
        .map_err(|_| format!("the answer is not a function URL response: {}", clip(&payload)))?;
    let status = response["statusCode"].as_u64();
    let body: Option<Value> = response["body"].as_str().and_then(|b| serde_json::from_str(b).ok());
    match (status, body) {
        (Some(200), Some(body)) if body["status"] == "ok" => Ok(()),
        (Some(status), _) => Err(format!("GET /api/health answered {status}: {}", clip(&payload))),
        (None, _) => Err(format!("the answer has no statusCode: {}", clip(&payload))),
    }
}

fn clip(text: &str) -> String {
    let mut clipped: String = text.chars().take(300).collect();
    if clipped.len() < text.len() {
        clipped.push('…');
    }
    clipped
}

/// Watches a canary: a smoke test and the version's error count in CloudWatch, a few times over
/// `period` (once when it is zero). Any failure, including being unable to read the metric,
/// fails the canary: watching blind is not watching.
pub async fn watch_canary(
    lambda: &aws_sdk_lambda::Client,
    cloudwatch: &aws_sdk_cloudwatch::Client,
    Target { function, alias }: Target<'_>,
    version: &str,
    period: Duration,
) -> Result<(), String> {
    let started = Instant::now();
    let since = aws_sdk_cloudwatch::primitives::DateTime::from(std::time::SystemTime::now() - Duration::from_secs(60));
    let interval = (period / 5).clamp(Duration::from_secs(1), Duration::from_secs(30));
    loop {
        let left = period.saturating_sub(started.elapsed());
        tokio::time::sleep(interval.min(left)).await;
        smoke_test(lambda, function, version).await?;
        let errors = version_errors(cloudwatch, function, alias, version, since).await?;
        if errors > 0.0 {
            return Err(format!("CloudWatch counts {errors} errors of version {version}"));
        }
        println!("canary: version {version} healthy after {}s", started.elapsed().as_secs());
        if started.elapsed() >= period {
            return Ok(());
        }
    }
}

/// The `Errors` of one version behind the alias since `since`, summed.
async fn version_errors(
    cloudwatch: &aws_sdk_cloudwatch::Client,
    function: &str,
    alias: &str,
    version: &str,
    since: aws_sdk_cloudwatch::primitives::DateTime,
) -> Result<f64, String> {
    use aws_sdk_cloudwatch::types::{Dimension, Statistic};
    let dimension = |name: &str, value: String| Dimension::builder().name(name).value(value).build();
    let answer = cloudwatch
        .get_metric_statistics()
        .namespace("AWS/Lambda")
        .metric_name("Errors")
        .dimensions(dimension("FunctionName", function.to_owned()))
        .dimensions(dimension("Resource", format!("{function}:{alias}")))
        .dimensions(dimension("ExecutedVersion", version.to_owned()))
        .start_time(since)
        .end_time(aws_sdk_cloudwatch::primitives::DateTime::from(std::time::SystemTime::now()))
        .period(60)
        .statistics(Statistic::Sum)
        .send()
        .await
        .map_err(|e| {
            format!("reading the Errors metric failed ({})", aws_sdk_cloudwatch::error::DisplayErrorContext(e))
        })?;
    Ok(answer.datapoints().iter().filter_map(|point| point.sum()).sum())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_round_trips_newest_first_and_fits() {
        let versions: Vec<String> = (1..=200).rev().map(|v| v.to_string()).collect();
        let description = history_description(&versions);
        assert!(description.len() <= DESCRIPTION_MAX);
        let parsed = parse_history(&description);
        assert_eq!(parsed[..3], ["200", "199", "198"]);
        assert_eq!(parsed, versions[..parsed.len()]);
        assert!(parsed.len() > 50);
        assert!(parse_history("The version CloudFront serves").is_empty());
        assert!(parse_history(&format!("{HISTORY_PREFIX} 3 $LATEST x 2")).iter().eq(["3", "2"].iter()));
    }

    #[test]
    fn zips_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let not_zip = dir.path().join("bootstrap");
        std::fs::write(&not_zip, b"\x7fELF").unwrap();
        assert!(read_zip(&not_zip).unwrap_err().to_string().contains("is not a zip file"));
        let missing = read_zip(&dir.path().join("nope.zip")).unwrap_err().to_string();
        assert!(missing.contains("nope.zip") && missing.contains("cargo lambda build"), "{missing}");
    }

    #[test]
    fn the_health_event_is_a_function_url_get() {
        let event = health_event();
        assert_eq!(event["requestContext"]["http"]["method"], "GET");
        assert_eq!(event["rawPath"], "/api/health");
        assert_eq!(event["version"], "2.0");
    }
}
