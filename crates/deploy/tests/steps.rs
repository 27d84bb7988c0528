//! Each deploy step alone, against moto (the one `scripts/with-moto` starts: `AWS_ENDPOINT_URL`):
//! what it does to S3, CloudFront or Lambda, and nothing more. The whole chains run through the
//! command line in `crates/cloud-resume/tests/deploy.rs`; `smoke_test` and `watch_canary`, which
//! invoke the function, are tested there (moto runs functions only in Docker).

use std::collections::BTreeMap;

use aws_sdk_cloudfront::types as cf;
use deploy::Progress;
use deploy::bucket::{self, LocalFile};
use deploy::function::{self, Target};

mod stand;

/// A name no other test (or earlier run against the same moto) uses.
fn unique(prefix: &str) -> String {
    format!("{prefix}-{:012x}", rand_u64() & 0xffff_ffff_ffff)
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::SystemTime::now())
}

/// A zip holding one file, `bootstrap`, with `content`.
fn zip_with(content: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("code.zip");
    stand::write_zip(&path, content);
    std::fs::read(path).unwrap()
}

/// A function as Terraform leaves it, under a name of its own.
async fn function_with_alias(lambda: &aws_sdk_lambda::Client) -> String {
    let name = unique("steps");
    let endpoint = std::env::var("AWS_ENDPOINT_URL").expect("AWS_ENDPOINT_URL (scripts/with-moto sets it)");
    stand::function_with_alias(lambda, &endpoint, &name).await;
    name
}

/// The alias's version and canary weights.
async fn alias(lambda: &aws_sdk_lambda::Client, function: &str) -> (String, Vec<(String, f64)>) {
    let got = lambda.get_alias().function_name(function).name("live").send().await.unwrap();
    let mut weights: Vec<(String, f64)> = got
        .routing_config()
        .and_then(|r| r.additional_version_weights())
        .map(|w| w.iter().map(|(k, v)| (k.clone(), *v)).collect())
        .unwrap_or_default();
    weights.sort_by(|a, b| a.0.cmp(&b.0));
    (got.function_version().unwrap_or_default().to_owned(), weights)
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs moto, which scripts/test starts: run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test]
async fn publish_uploads_the_code_and_publishes_exactly_it_without_touching_the_alias() {
    let lambda = aws_sdk_lambda::Client::new(&deploy::sdk_config().await);
    let function = function_with_alias(&lambda).await;
    let zip = zip_with("version two");
    let published = function::publish(&lambda, &function, zip.clone()).await.unwrap();
    assert_eq!(published.version, "2");
    let version = lambda.get_function_configuration().function_name(&function).qualifier("2").send().await.unwrap();
    assert_eq!(version.code_sha256(), Some(published.code_sha256.as_str()), "the version holds the uploaded code");
    assert_eq!(alias(&lambda, &function).await, ("1".to_owned(), vec![]), "publishing moves no alias");
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs moto, which scripts/test starts: run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test]
async fn the_alias_steps_each_move_the_alias_as_named() {
    let lambda = aws_sdk_lambda::Client::new(&deploy::sdk_config().await);
    let function = function_with_alias(&lambda).await;
    let target = Target { function: &function, alias: "live" };
    let v2 = function::publish(&lambda, &function, zip_with("two")).await.unwrap().version;

    function::route_canary(&lambda, target, "1", &v2, 0.1).await.unwrap();
    assert_eq!(alias(&lambda, &function).await, ("1".to_owned(), vec![(v2.clone(), 0.1)]));
    function::end_canary(&lambda, target, "1").await.unwrap();
    assert_eq!(alias(&lambda, &function).await, ("1".to_owned(), vec![]));

    function::promote(&lambda, target, &v2, &["1".to_owned()]).await.unwrap();
    assert_eq!(alias(&lambda, &function).await, (v2.clone(), vec![]));
    let state = function::alias_state(&lambda, target).await.unwrap();
    assert_eq!((state.version.as_str(), state.history.as_slice()), (v2.as_str(), ["1".to_owned()].as_slice()));

    function::rollback(&lambda, target).await.unwrap();
    let state = function::alias_state(&lambda, target).await.unwrap();
    assert_eq!(state.version, "1", "rollback moves the alias to the version before");
}

struct Site {
    s3: aws_sdk_s3::Client,
    cloudfront: aws_sdk_cloudfront::Client,
    bucket: String,
}

impl Site {
    async fn new() -> Self {
        let config = deploy::sdk_config().await;
        let s3 = aws_sdk_s3::Client::new(&config);
        let bucket = unique("steps-site");
        s3.create_bucket().bucket(&bucket).send().await.unwrap();
        Self { s3, cloudfront: aws_sdk_cloudfront::Client::new(&config), bucket }
    }

    async fn keys(&self) -> Vec<String> {
        let listed = self.s3.list_objects_v2().bucket(&self.bucket).send().await.unwrap();
        let mut keys: Vec<String> = listed.contents().iter().filter_map(|o| o.key().map(str::to_owned)).collect();
        keys.sort();
        keys
    }

    async fn remote(&self, files: &[LocalFile]) -> BTreeMap<String, bucket::RemoteObject> {
        bucket::remote_objects(&self.s3, &self.bucket, files).await.unwrap()
    }
}

fn files(pairs: &[(&str, &str)]) -> Vec<LocalFile> {
    pairs.iter().map(|(key, text)| LocalFile::new((*key).to_owned(), text.as_bytes().to_vec())).collect()
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs moto, which scripts/test starts: run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test]
async fn upload_changed_and_delete_stale_do_what_the_plan_says_and_no_more() {
    let site = Site::new().await;
    let first = files(&[("index.html", "<p>one"), ("assets/site.0a1b2c3d.css", "p{}"), ("old.txt", "old")]);
    let plan = bucket::plan(&first, &site.remote(&first).await);
    assert_eq!(plan.uploads.len(), 3);
    bucket::upload_changed(&site.s3, &site.bucket, &plan, &Progress::new(3)).await.unwrap();
    assert_eq!(site.keys().await, ["assets/site.0a1b2c3d.css", "index.html", "old.txt"]);
    let page = site.s3.head_object().bucket(&site.bucket).key("index.html").send().await.unwrap();
    assert_eq!(page.content_type(), Some("text/html; charset=utf-8"));
    assert_eq!(page.cache_control(), Some(site::serving::NO_CACHE));
    let css = site.s3.head_object().bucket(&site.bucket).key("assets/site.0a1b2c3d.css").send().await.unwrap();
    assert_eq!(css.cache_control(), Some(site::serving::IMMUTABLE));

    // The next site: one page changed, one file gone, one unchanged.
    let second = files(&[("index.html", "<p>two"), ("assets/site.0a1b2c3d.css", "p{}")]);
    let remote = site.remote(&second).await;
    let plan = bucket::plan(&second, &remote);
    assert_eq!(plan.uploads.iter().map(|f| f.key.as_str()).collect::<Vec<_>>(), ["index.html"]);
    assert_eq!((plan.unchanged, plan.deletes.as_slice()), (1, ["old.txt".to_owned()].as_slice()));
    assert_eq!(plan.invalidations, ["/", "/index.html", "/old.txt"]);

    bucket::upload_changed(&site.s3, &site.bucket, &plan, &Progress::new(1)).await.unwrap();
    assert_eq!(site.keys().await, ["assets/site.0a1b2c3d.css", "index.html", "old.txt"], "uploads delete nothing");
    bucket::delete_stale(&site.s3, &site.bucket, &plan, &Progress::new(1)).await.unwrap();
    assert_eq!(site.keys().await, ["assets/site.0a1b2c3d.css", "index.html"]);
    let body = site.s3.get_object().bucket(&site.bucket).key("index.html").send().await.unwrap();
    assert_eq!(body.body.collect().await.unwrap().into_bytes().as_ref(), b"<p>two");
    assert!(bucket::plan(&second, &site.remote(&second).await).is_empty(), "the bucket now holds the site");
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs moto, which scripts/test starts: run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test]
async fn invalidate_asks_cloudfront_for_exactly_the_paths() {
    let site = Site::new().await;
    let origin = cf::Origin::builder()
        .id("site")
        .domain_name(format!("{}.s3.us-east-1.amazonaws.com", site.bucket))
        .s3_origin_config(cf::S3OriginConfig::builder().origin_access_identity("").build())
        .build()
        .unwrap();
    let behavior = cf::DefaultCacheBehavior::builder()
        .target_origin_id("site")
        .viewer_protocol_policy(cf::ViewerProtocolPolicy::RedirectToHttps)
        .cache_policy_id("658327ea-f89d-4fab-a63d-7e88639e58f6")
        .build()
        .unwrap();
    let config = cf::DistributionConfig::builder()
        .caller_reference(unique("steps"))
        .origins(cf::Origins::builder().quantity(1).items(origin).build().unwrap())
        .default_cache_behavior(behavior)
        .comment("deploy steps test")
        .enabled(true)
        .build()
        .unwrap();
    let created = site.cloudfront.create_distribution().distribution_config(config).send().await.unwrap();
    let distribution = created.distribution().unwrap().id().to_owned();

    let paths = vec!["/".to_owned(), "/index.html".to_owned(), "/caf%C3%A9.txt".to_owned()];
    let id = bucket::invalidate(&site.cloudfront, &distribution, &paths).await.unwrap();
    let got = site.cloudfront.get_invalidation().distribution_id(&distribution).id(&id).send().await.unwrap();
    let batch = got.invalidation().unwrap().invalidation_batch().unwrap();
    let mut asked: Vec<String> = batch.paths().unwrap().items().to_vec();
    asked.sort();
    assert_eq!(asked, ["/", "/caf%C3%A9.txt", "/index.html"]);
}
