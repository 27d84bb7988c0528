//! `deploy site`, `deploy api` and `rollback api`, run as the real binary against moto on
//! loopback (S3, CloudFront, Lambda, CloudWatch). moto cannot invoke a function (that needs
//! Docker), so the passing smoke tests go through a small proxy of the test's own: it sends
//! Invoke to the real `bootstrap` under cargo-lambda's emulator and every other Lambda call to
//! moto. Needs `--features emulator-tests` (scripts/test).

mod emulators;
#[path = "../../deploy/tests/stand/mod.rs"]
mod stand;
mod util;

use std::path::Path;
use std::process::Output;

use aws_sdk_cloudfront::types as cf;
use emulators::{Lambda, Moto};
use sha2::{Digest, Sha256};

async fn sdk_config(moto: &Moto) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(moto.endpoint())
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_s3::config::Credentials::new("test", "test", None, None, "test"))
        .load()
        .await
}

/// Runs `cloud-resume ARGS` against moto, with extra environment.
fn cloud_resume(moto: &Moto, args: &[&str], env: &[(&str, String)]) -> Output {
    util::bin()
        .args(args)
        .envs(moto.env())
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("RUST_LOG", "warn")
        .output()
        .expect("run cloud-resume")
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn build_site(resume: &Path, out: &Path) {
    let done = util::bin().args(["build", "--resume"]).arg(resume).arg("--out").arg(out).output().unwrap();
    assert!(done.status.success(), "build: {}", text(&done));
}

// ---------------------------------------------------------------------------------------------
// deploy site

struct SiteStand {
    s3: aws_sdk_s3::Client,
    cloudfront: aws_sdk_cloudfront::Client,
    bucket: &'static str,
    distribution: String,
}

impl SiteStand {
    async fn new(moto: &Moto) -> Self {
        let config = sdk_config(moto).await;
        let s3 = aws_sdk_s3::Client::new(&config);
        let cloudfront = aws_sdk_cloudfront::Client::new(&config);
        let bucket = "resume-site";
        s3.create_bucket().bucket(bucket).send().await.unwrap();
        let origin = cf::Origin::builder()
            .id("site")
            .domain_name(format!("{bucket}.s3.us-east-1.amazonaws.com"))
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
            .caller_reference("deploy-test")
            .origins(cf::Origins::builder().quantity(1).items(origin).build().unwrap())
            .default_cache_behavior(behavior)
            .default_root_object("index.html")
            .comment("deploy test")
            .enabled(true)
            .build()
            .unwrap();
        let created = cloudfront.create_distribution().distribution_config(config).send().await.unwrap();
        let distribution = created.distribution().unwrap().id().to_owned();
        Self { s3, cloudfront, bucket, distribution }
    }

    fn deploy(&self, moto: &Moto, extra: &[&str]) -> Output {
        let mut args = vec!["deploy", "site", "--bucket", self.bucket, "--distribution-id", &self.distribution];
        args.extend_from_slice(extra);
        cloud_resume(moto, &args, &[])
    }

    async fn keys(&self) -> Vec<String> {
        let listed = self.s3.list_objects_v2().bucket(self.bucket).send().await.unwrap();
        let mut keys: Vec<String> = listed.contents().iter().map(|o| o.key().unwrap().to_owned()).collect();
        keys.sort();
        keys
    }

    /// Each invalidation's paths, sorted, by invalidation id.
    async fn invalidations(&self) -> std::collections::BTreeMap<String, Vec<String>> {
        let listed = self.cloudfront.list_invalidations().distribution_id(&self.distribution).send().await.unwrap();
        let ids: Vec<String> = listed
            .invalidation_list()
            .map(|l| l.items().iter().map(|i| i.id().to_owned()).collect())
            .unwrap_or_default();
        let mut all = std::collections::BTreeMap::new();
        for id in ids {
            let got =
                self.cloudfront.get_invalidation().distribution_id(&self.distribution).id(&id).send().await.unwrap();
            let batch = got.invalidation().unwrap().invalidation_batch().unwrap();
            let mut paths = batch.paths().unwrap().items().to_vec();
            paths.sort();
            all.insert(id, paths);
        }
        all
    }
}

/// The rendered files of a folder written by `build`, by key.
fn local_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(d).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let key = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                files.push((key, std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test]
async fn site_deploy_uploads_what_changed_with_the_right_headers_and_removes_what_is_gone() {
    let moto = Moto::start();
    let stand = SiteStand::new(&moto).await;
    let work = tempfile::tempdir().unwrap();
    let dist = work.path().join("dist");
    build_site(&util::example_resume(), &dist);
    // A page that the next build will not have.
    std::fs::write(dist.join("old-page.html"), "<!doctype html><title>old</title>").unwrap();
    // A hashed asset of an earlier build, already in the bucket.
    let stale = stand.s3.put_object().bucket(stand.bucket).key("assets/site.deadbeef.css").body(b"p{}".to_vec().into());
    stale.send().await.unwrap();

    // A dry run changes nothing.
    let dry = stand.deploy(&moto, &["--dir", dist.to_str().unwrap(), "--dry-run"]);
    assert!(dry.status.success(), "{}", text(&dry));
    assert!(text(&dry).contains("would upload index.html"), "{}", text(&dry));
    assert_eq!(stand.keys().await, ["assets/site.deadbeef.css"]);
    assert!(stand.invalidations().await.is_empty());

    let first_paths = first_deploy_uploads_the_site(&moto, &stand, &dist).await;
    the_same_site_again_changes_nothing(&moto, &stand, &dist).await;
    a_changed_resume_changes_only_its_pages(&moto, &stand, work.path(), &first_paths).await;
}

/// Every file, with its headers and hash; assets before pages; stale objects after. Returns the
/// paths it invalidated.
async fn first_deploy_uploads_the_site(moto: &Moto, stand: &SiteStand, dist: &Path) -> Vec<String> {
    let first = stand.deploy(moto, &["--dir", dist.to_str().unwrap()]);
    assert!(first.status.success(), "{}", text(&first));
    let log = String::from_utf8_lossy(&first.stdout).into_owned();
    let lines: Vec<&str> = log.lines().collect();
    let position = |pred: &dyn Fn(&str) -> bool| lines.iter().position(|l| pred(l));
    let last_asset = lines.iter().rposition(|l| l.starts_with("uploaded ") && !l.contains(".html ")).unwrap();
    let first_page = position(&|l| l.starts_with("uploaded ") && l.contains(".html ")).unwrap();
    let first_delete = position(&|l| l.starts_with("deleted ")).unwrap();
    let last_upload = lines.iter().rposition(|l| l.starts_with("uploaded ")).unwrap();
    assert!(last_asset < first_page && last_upload < first_delete, "order of steps:\n{log}");

    the_bucket_holds_exactly(stand, dist).await;
    let invalidations = stand.invalidations().await;
    assert_eq!(invalidations.len(), 1);
    let first_paths = invalidations.values().next().unwrap().clone();
    for path in ["/", "/index.html", "/stats.html", "/404.html", "/old-page.html", "/favicon.svg"] {
        assert!(first_paths.contains(&path.to_owned()), "{path} in {first_paths:?}");
    }
    assert!(!first_paths.iter().any(|p| p.starts_with("/assets/")), "hashed assets never need it");
    first_paths
}

/// The bucket holds exactly the files of `dist`, each with its content, hash and headers.
async fn the_bucket_holds_exactly(stand: &SiteStand, dist: &Path) {
    let files = local_files(dist);
    let mut expected: Vec<String> = files.iter().map(|(k, _)| k.clone()).collect();
    expected.sort();
    assert_eq!(stand.keys().await, expected, "the bucket holds exactly the site");
    assert!(expected.contains(&"index.html".to_owned()) && expected.iter().any(|k| k.ends_with(".css")));
    for (key, bytes) in &files {
        let head = stand.s3.head_object().bucket(stand.bucket).key(key).send().await.unwrap();
        let (content_type, cache_control) = (head.content_type().unwrap(), head.cache_control().unwrap());
        if key.ends_with(".html") {
            assert_eq!((content_type, cache_control), ("text/html; charset=utf-8", "no-cache"), "{key}");
        } else if key == "resume.txt" {
            assert_eq!((content_type, cache_control), ("text/plain; charset=utf-8", "no-cache"), "{key}");
        } else if key.starts_with("assets/") {
            assert_eq!(cache_control, "public, max-age=31536000, immutable", "{key}");
            let kind = if key.ends_with(".css") { "text/css" } else { "javascript" };
            assert!(content_type.contains(kind) && content_type.ends_with("charset=utf-8"), "{key}: {content_type}");
        } else {
            assert_eq!(cache_control, "public, max-age=3600", "{key}");
        }
        let sha = head.metadata().unwrap().get("sha256").unwrap();
        assert_eq!(sha, &hex::encode(Sha256::digest(bytes)), "{key}");
        let body = stand.s3.get_object().bucket(stand.bucket).key(key).send().await.unwrap().body.collect().await;
        assert_eq!(body.unwrap().into_bytes().as_ref(), bytes.as_slice(), "{key}");
    }
    let favicon = stand.s3.get_object().bucket(stand.bucket).key("favicon.svg").send().await.unwrap();
    assert_eq!(favicon.content_type(), Some("image/svg+xml; charset=utf-8"));
}

/// The same site again: nothing uploaded, nothing invalidated.
async fn the_same_site_again_changes_nothing(moto: &Moto, stand: &SiteStand, dist: &Path) {
    let modified = stand.s3.head_object().bucket(stand.bucket).key("index.html").send().await.unwrap().last_modified;
    let second = stand.deploy(moto, &["--dir", dist.to_str().unwrap()]);
    assert!(second.status.success(), "{}", text(&second));
    assert!(text(&second).contains("nothing to upload, delete or invalidate"), "{}", text(&second));
    assert!(!text(&second).contains("uploaded "), "{}", text(&second));
    assert_eq!(stand.invalidations().await.len(), 1);
    let again = stand.s3.head_object().bucket(stand.bucket).key("index.html").send().await.unwrap().last_modified;
    assert_eq!(again, modified, "index.html was not written again");
}

/// Another resume, rendered by deploy itself (no --dir): the changed pages go up, the removed
/// page disappears, and exactly those paths are invalidated.
async fn a_changed_resume_changes_only_its_pages(moto: &Moto, stand: &SiteStand, work: &Path, first_paths: &[String]) {
    let mut resume: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(util::example_resume()).unwrap()).unwrap();
    resume["basics"]["name"] = "Renamed Person".into();
    let renamed = work.join("renamed.json");
    std::fs::write(&renamed, resume.to_string()).unwrap();
    let third = stand.deploy(moto, &["--resume", renamed.to_str().unwrap()]);
    assert!(third.status.success(), "{}", text(&third));
    let keys = stand.keys().await;
    assert!(!keys.contains(&"old-page.html".to_owned()), "{keys:?}");
    let index = stand.s3.get_object().bucket(stand.bucket).key("index.html").send().await.unwrap().body.collect().await;
    assert!(String::from_utf8_lossy(&index.unwrap().into_bytes()).contains("Renamed Person"));
    let mut invalidations = stand.invalidations().await;
    assert_eq!(invalidations.len(), 2);
    invalidations.retain(|_, paths| paths.as_slice() != first_paths);
    let last = invalidations.values().next().unwrap();
    for path in ["/", "/index.html", "/old-page.html"] {
        assert!(last.contains(&path.to_owned()), "{path} in {last:?}");
    }
    assert!(!last.contains(&"/favicon.svg".to_owned()), "the favicon did not change: {last:?}\n{}", text(&third));
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test]
async fn a_resume_in_two_languages_ships_both_and_a_change_to_one_invalidates_its_pages_alone() {
    let moto = Moto::start();
    let stand = SiteStand::new(&moto).await;
    let work = tempfile::tempdir().unwrap();
    // The English/Portuguese pair, copied so that one language can change.
    let pair = Path::new(env!("CARGO_MANIFEST_DIR")).join("../resume/tests/fixtures/languages/pair-en-pt");
    for name in ["resume.json", "resume.pt-BR.json"] {
        std::fs::copy(pair.join(name), work.path().join(name)).unwrap();
    }
    let resume = work.path().join("resume.json");
    let first = stand.deploy(&moto, &["--resume", resume.to_str().unwrap()]);
    assert!(first.status.success(), "{}", text(&first));
    let keys = stand.keys().await;
    for key in ["index.html", "stats.html", "resume.txt", "pt-br/index.html", "pt-br/stats.html", "pt-br/resume.txt"] {
        assert!(keys.contains(&key.to_owned()), "{key} in {keys:?}");
    }
    let page = stand.s3.get_object().bucket(stand.bucket).key("pt-br/index.html").send().await.unwrap();
    let page = String::from_utf8_lossy(&page.body.collect().await.unwrap().into_bytes()).into_owned();
    assert!(page.contains("<html lang=\"pt-BR\"") && page.contains("Desenvolvedor Mobile"), "{page:.400}");

    // The Portuguese summary changes: that language's page, text and statistics page (whose
    // description it is), nothing of the other language.
    let portuguese = work.path().join("resume.pt-BR.json");
    let text_of = std::fs::read_to_string(&portuguese).unwrap();
    std::fs::write(&portuguese, text_of.replace("sem sinal nenhum", "mesmo sem sinal")).unwrap();
    let second = stand.deploy(&moto, &["--resume", resume.to_str().unwrap()]);
    assert!(second.status.success(), "{}", text(&second));
    let invalidations = stand.invalidations().await;
    assert_eq!(invalidations.len(), 2, "{invalidations:?}");
    // (The first deploy invalidated everything, the 404 page with it.)
    let last = invalidations.values().find(|paths| !paths.contains(&"/404.html".to_owned())).unwrap();
    assert_eq!(last, &["/pt-br/", "/pt-br/index.html", "/pt-br/resume.txt", "/pt-br/stats.html"], "{}", text(&second));
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[test]
fn site_deploy_refuses_a_folder_without_index_html_and_changes_nothing() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a site").unwrap();
    let out = cloud_resume(
        &moto,
        &["deploy", "site", "--bucket", "b", "--distribution-id", "D", "--dir", dir.path().to_str().unwrap()],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("has no index.html"), "{}", text(&out));
}

// ---------------------------------------------------------------------------------------------
// deploy api / rollback api

const FUNCTION: &str = "resume-api";

/// A zip holding one file, `bootstrap`, with `content`; its path.
fn zip_with(dir: &Path, name: &str, content: &str) -> String {
    let path = dir.join(name);
    stand::write_zip(&path, content);
    path.to_str().unwrap().to_owned()
}

/// The function as Terraform leaves it: version 1 published, alias `live` on it.
async fn create_function(moto: &Moto) -> aws_sdk_lambda::Client {
    let lambda = aws_sdk_lambda::Client::new(&sdk_config(moto).await);
    stand::function_with_alias(&lambda, &moto.endpoint(), FUNCTION).await;
    lambda
}

async fn alias(lambda: &aws_sdk_lambda::Client) -> (String, String, Vec<(String, f64)>) {
    let got = lambda.get_alias().function_name(FUNCTION).name("live").send().await.unwrap();
    let weights = got
        .routing_config()
        .and_then(|r| r.additional_version_weights())
        .map(|w| w.iter().map(|(k, v)| (k.clone(), *v)).collect())
        .unwrap_or_default();
    (got.function_version().unwrap().to_owned(), got.description().unwrap_or_default().to_owned(), weights)
}

async fn versions(lambda: &aws_sdk_lambda::Client) -> Vec<String> {
    let listed = lambda.list_versions_by_function().function_name(FUNCTION).send().await.unwrap();
    listed.versions().iter().filter_map(|v| v.version().map(str::to_owned)).filter(|v| v != "$LATEST").collect()
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test]
async fn a_failing_smoke_test_leaves_the_alias_where_it_was() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let lambda = create_function(&moto).await;
    let zip = zip_with(dir.path(), "v2.zip", "version two");

    // moto cannot run the function: the invocation of the new version fails.
    let out = cloud_resume(&moto, &["deploy", "api", "--function", FUNCTION, "--alias", "live", "--zip", &zip], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("version 2 failed its smoke test") && said.contains("still serves version 1"), "{said}");
    assert_eq!(versions(&lambda).await, ["1", "2"], "the version was published");
    let (live, _, weights) = alias(&lambda).await;
    assert_eq!((live.as_str(), weights), ("1", vec![]), "the alias did not move");

    // Nothing to roll back to: the failed version never served.
    let out = cloud_resume(&moto, &["rollback", "api", "--function", FUNCTION], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("no previous version on record"), "{}", text(&out));
    assert_eq!(alias(&lambda).await.0, "1");

    // A file that is not a zip never reaches Lambda.
    let not_zip = dir.path().join("bootstrap");
    std::fs::write(&not_zip, "#!/bin/sh").unwrap();
    let out = cloud_resume(&moto, &["deploy", "api", "--function", FUNCTION, "--zip", not_zip.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("is not a zip file"), "{}", text(&out));
    assert_eq!(versions(&lambda).await, ["1", "2"]);
}

/// A Lambda endpoint that sends Invoke to cargo-lambda's emulator (the real `bootstrap`) and
/// everything else to moto. Stopped when dropped.
struct InvokeProxy {
    url: String,
    task: tokio::task::JoinHandle<()>,
}

impl InvokeProxy {
    async fn start(moto: &Moto, lambda: &Lambda) -> Self {
        Self::start_routed(moto, lambda, &[]).await
    }

    /// As [`InvokeProxy::start`], with the Invokes of the functions `named` sent to emulators of
    /// their own.
    async fn start_routed(moto: &Moto, lambda: &Lambda, named: &[(&str, &Lambda)]) -> Self {
        use axum::body::{Body, Bytes};
        use axum::extract::{Request, State};
        use axum::response::Response;

        #[derive(Clone)]
        struct Upstreams {
            moto: String,
            invoke: String,
            named: Vec<(String, String)>,
            http: reqwest::Client,
        }

        async fn forward(State(up): State<Upstreams>, request: Request) -> Response {
            let (parts, body) = request.into_parts();
            let body: Bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
            let path = parts.uri.path();
            let url = if let Some(function) =
                path.strip_prefix("/2015-03-31/functions/").and_then(|p| p.strip_suffix("/invocations"))
            {
                let name =
                    function.rsplit(":function:").next().unwrap_or(function).split(':').next().unwrap_or_default();
                up.named.iter().find(|(n, _)| n == name).map_or_else(|| up.invoke.clone(), |(_, url)| url.clone())
            } else {
                format!("{}{}", up.moto, parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/"))
            };
            let mut req = up.http.request(parts.method, url).body(body);
            for (name, value) in &parts.headers {
                if name != "host" && name != "content-length" {
                    req = req.header(name, value);
                }
            }
            let res = req.send().await.unwrap();
            let mut out = Response::builder().status(res.status());
            for (name, value) in res.headers() {
                if name != "content-length" && name != "transfer-encoding" && name != "connection" {
                    out = out.header(name, value);
                }
            }
            out.body(Body::from(res.bytes().await.unwrap())).unwrap()
        }

        let invoke = |lambda: &Lambda| format!("http://127.0.0.1:{}/2015-03-31/functions/_/invocations", lambda.port);
        let upstreams = Upstreams {
            moto: moto.endpoint(),
            invoke: invoke(lambda),
            named: named.iter().map(|(name, lambda)| ((*name).to_owned(), invoke(lambda))).collect(),
            http: reqwest::Client::new(),
        };
        let app = axum::Router::new().fallback(forward).with_state(upstreams);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { url, task }
    }
}

impl Drop for InvokeProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_passing_smoke_test_moves_the_alias_canary_too_and_rollback_restores_it() {
    let moto = Moto::start();
    moto.create_table("deploy-api");
    let emulator = Lambda::start(&moto, "deploy-api");
    let proxy = InvokeProxy::start(&moto, &emulator).await;
    let dir = tempfile::tempdir().unwrap();
    let lambda = create_function(&moto).await;
    let deploy = |zip: &str, extra: &[&str]| {
        let mut args = vec!["deploy", "api", "--function", FUNCTION, "--zip", zip];
        args.extend(extra);
        tokio::task::block_in_place(|| cloud_resume(&moto, &args, &[("AWS_ENDPOINT_URL_LAMBDA", proxy.url.clone())]))
    };

    let out = deploy(&zip_with(dir.path(), "v2.zip", "two"), &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("version 2 answered GET /api/health with 200"), "{}", text(&out));
    let (live, description, weights) = alias(&lambda).await;
    assert_eq!((live.as_str(), weights), ("2", vec![]));
    assert!(description.ends_with("previous versions: 1"), "{description}");

    // A canary: 10% on version 3 while it is watched, then all of it.
    let watcher = watch_for_canary(&lambda, "2", ("3", 0.1));
    let out = deploy(&zip_with(dir.path(), "v3.zip", "three"), &["--canary", "10%", "--canary-minutes", "0.05"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("canary: version 3 healthy"), "{}", text(&out));
    let seen_canary = tokio::time::timeout(std::time::Duration::from_secs(10), watcher).await.unwrap().unwrap();
    assert!(seen_canary, "the alias sent 10% to version 3 during the canary");
    let (live, description, weights) = alias(&lambda).await;
    assert_eq!((live.as_str(), weights), ("3", vec![]));
    assert!(description.ends_with("previous versions: 2 1"), "{description}");

    an_unwatchable_canary_is_rolled_back(&moto, &proxy.url, dir.path(), &lambda).await;
    rollback_walks_back_through_the_versions_that_served(&moto, &lambda).await;
}

const AGGREGATOR: &str = "resume-api-aggregator";

/// The aggregator ships with the API: its version is smoke-tested with an empty stream batch,
/// and its alias moves only once the API's has. A version that fails as an aggregator (here the
/// API's emulator answers its Invoke, as a function given the wrong handler would) moves neither
/// alias; a rollback moves both back.
#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_aggregator_ships_with_the_api_and_neither_moves_when_it_fails() {
    let moto = Moto::start();
    moto.create_table("deploy-both");
    let api = Lambda::start(&moto, "deploy-both");
    let aggregator = Lambda::start_with_env(&moto, "deploy-both", &[("_HANDLER", "aggregate")]);
    let dir = tempfile::tempdir().unwrap();
    let lambda = create_function(&moto).await;
    stand::function_with_alias(&lambda, &moto.endpoint(), AGGREGATOR).await;
    let live = |function: &'static str| {
        let lambda = lambda.clone();
        async move {
            lambda
                .get_alias()
                .function_name(function)
                .name("live")
                .send()
                .await
                .unwrap()
                .function_version()
                .unwrap()
                .to_owned()
        }
    };
    let deploy = |proxy: &str, zip: &str| {
        let args = ["deploy", "api", "--function", FUNCTION, "--aggregator", AGGREGATOR, "--zip", zip];
        tokio::task::block_in_place(|| cloud_resume(&moto, &args, &[("AWS_ENDPOINT_URL_LAMBDA", proxy.to_owned())]))
    };

    let wrong = InvokeProxy::start(&moto, &api).await;
    let out = deploy(&wrong.url, &zip_with(dir.path(), "v2.zip", "two"));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains(&format!("version 2 of {AGGREGATOR} failed its smoke test")) && said.contains("Nothing moved"),
        "{said}"
    );
    assert_eq!((live(FUNCTION).await, live(AGGREGATOR).await), ("1".to_owned(), "1".to_owned()));

    let right = InvokeProxy::start_routed(&moto, &api, &[(AGGREGATOR, &aggregator)]).await;
    let out = deploy(&right.url, &zip_with(dir.path(), "v3.zip", "three"));
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("answered an empty stream batch"), "{}", text(&out));
    // The failed try published the aggregator's version 2 only: the API's version 2 is this one.
    assert_eq!((live(FUNCTION).await, live(AGGREGATOR).await), ("2".to_owned(), "3".to_owned()));

    let out = cloud_resume(&moto, &["rollback", "api", "--function", FUNCTION, "--aggregator", AGGREGATOR], &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!((live(FUNCTION).await, live(AGGREGATOR).await), ("1".to_owned(), "1".to_owned()));
}

/// Watches the alias until it serves `canary` alone; answers whether it ever saw `stable` with
/// `canary`'s share beside it.
fn watch_for_canary(
    lambda: &aws_sdk_lambda::Client,
    stable: &'static str,
    (canary, share): (&'static str, f64),
) -> tokio::task::JoinHandle<bool> {
    let lambda = lambda.clone();
    tokio::spawn(async move {
        let mut seen = false;
        loop {
            let (live, _, weights) = alias(&lambda).await;
            seen |= live == stable && weights == [(canary.to_owned(), share)];
            if live == canary {
                return seen;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    })
}

/// A canary that cannot be watched (CloudWatch unreachable) is rolled back: no share left on
/// version 4, `live` still on 3, and nothing recorded.
async fn an_unwatchable_canary_is_rolled_back(moto: &Moto, proxy: &str, dir: &Path, lambda: &aws_sdk_lambda::Client) {
    let dead = [
        ("AWS_ENDPOINT_URL_LAMBDA", proxy.to_owned()),
        ("AWS_ENDPOINT_URL_CLOUDWATCH", "http://127.0.0.1:9".to_owned()),
    ];
    let zip4 = zip_with(dir, "v4.zip", "four");
    let args = ["deploy", "api", "--function", FUNCTION, "--zip", &zip4, "--canary", "25%", "--canary-minutes", "0"];
    let out = tokio::task::block_in_place(|| cloud_resume(moto, &args, &dead));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("the canary version 4 failed") && text(&out).contains("Rolled back"), "{}", text(&out));
    let (live, description, weights) = alias(lambda).await;
    assert_eq!((live.as_str(), weights), ("3", vec![]));
    assert!(description.ends_with("previous versions: 2 1"), "{description}");
}

/// Rollback walks back through the versions that served, one at a time, and no further.
async fn rollback_walks_back_through_the_versions_that_served(moto: &Moto, lambda: &aws_sdk_lambda::Client) {
    for (to, left) in [("2", ": 1"), ("1", ":")] {
        let out = cloud_resume(moto, &["rollback", "api", "--function", FUNCTION, "--alias", "live"], &[]);
        assert!(out.status.success(), "{}", text(&out));
        let (live, description, weights) = alias(lambda).await;
        assert_eq!((live.as_str(), weights), (to, vec![]));
        assert!(description.ends_with(left), "{description}");
    }
    let out = cloud_resume(moto, &["rollback", "api", "--function", FUNCTION], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(alias(lambda).await.0, "1");
}
