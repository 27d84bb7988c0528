//! The site into its bucket: the bucket ends up holding exactly the built site, each object with
//! the content type and cache policy it is served with ([`site::serving`]).
//!
//! Every object carries the SHA-256 of its content in its metadata (`x-amz-meta-sha256`): an
//! object whose hash and headers already match is not uploaded again. Assets go up before the
//! pages that name them and stale objects go after, so a visitor never gets a page whose CSS or
//! script is missing. Only changed paths are invalidated; hashed assets never need it, since a
//! new content is a new name.
//!
//! [`deploy`] runs the steps in order: [`remote_objects`], [`plan`], [`upload_changed`],
//! [`delete_stale`], [`invalidate`]. Each is usable alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, bail};
use futures_util::{StreamExt, TryStreamExt, stream};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::{Digest, Sha256};

use crate::progress::Progress;
use crate::sdk_error;

#[cfg(test)]
use site::serving::NO_CACHE;
use site::serving::{cache_control, content_type, is_hashed};

/// The metadata key holding the content's SHA-256 (hex).
const SHA256_KEY: &str = "sha256";
/// Uploads and header reads in flight at once.
const PARALLEL: usize = 8;

/// A file of the site as it will be stored.
#[derive(Debug, Clone)]
pub struct LocalFile {
    /// Its key in the bucket: its path in the site, `/`-separated.
    pub key: String,
    /// Its content.
    pub bytes: Vec<u8>,
    /// The SHA-256 of its content (hex), kept in the object's metadata.
    pub sha256: String,
    /// Its `Content-Type`.
    pub content_type: String,
    /// Its `Cache-Control`.
    pub cache_control: &'static str,
}

impl LocalFile {
    /// The file at `key`, with the headers the serving rules give it.
    pub fn new(key: String, bytes: Vec<u8>) -> Self {
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let content_type = content_type(&key);
        let cache_control = cache_control(&key);
        Self { key, bytes, sha256, content_type, cache_control }
    }

    fn is_page(&self) -> bool {
        self.key.ends_with(".html")
    }
}

/// What the bucket holds under a key, as far as the plan needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemoteObject {
    /// The SHA-256 in its metadata, if a deploy put it there.
    pub sha256: Option<String>,
    /// Its `Content-Type`.
    pub content_type: Option<String>,
    /// Its `Cache-Control`.
    pub cache_control: Option<String>,
}

impl RemoteObject {
    fn matches(&self, file: &LocalFile) -> bool {
        self.sha256.as_deref() == Some(file.sha256.as_str())
            && self.content_type.as_deref() == Some(file.content_type.as_str())
            && self.cache_control.as_deref() == Some(file.cache_control)
    }
}

/// What a deploy does, in order: `uploads` (assets, then pages), `deletes`, `invalidations`.
#[derive(Debug)]
pub struct Plan<'a> {
    /// Files that are missing or differ, assets before pages.
    pub uploads: Vec<&'a LocalFile>,
    /// How many files the bucket already holds as they are.
    pub unchanged: usize,
    /// Keys the bucket holds that the site does not.
    pub deletes: Vec<String>,
    /// CloudFront paths to invalidate: every changed or deleted file but hashed assets.
    pub invalidations: Vec<String>,
}

impl Plan<'_> {
    /// Whether the bucket already holds exactly the site.
    pub fn is_empty(&self) -> bool {
        self.uploads.is_empty() && self.deletes.is_empty()
    }
}

/// What it takes for the bucket to hold `local` exactly.
pub fn plan<'a>(local: &'a [LocalFile], remote: &BTreeMap<String, RemoteObject>) -> Plan<'a> {
    let mut uploads: Vec<&LocalFile> =
        local.iter().filter(|file| !remote.get(&file.key).is_some_and(|object| object.matches(file))).collect();
    uploads.sort_by(|a, b| (a.is_page(), &a.key).cmp(&(b.is_page(), &b.key)));
    let wanted: BTreeSet<&str> = local.iter().map(|file| file.key.as_str()).collect();
    let deletes: Vec<String> = remote.keys().filter(|key| !wanted.contains(key.as_str())).cloned().collect();

    let changed = uploads.iter().map(|file| file.key.as_str()).chain(deletes.iter().map(String::as_str));
    let mut invalidations = BTreeSet::new();
    for key in changed.filter(|key| !is_hashed(key)) {
        invalidations.insert(invalidation_path(key));
        // CloudFront caches the root object under "/" as well, and a folder's page (a
        // language's, de/index.html) under its folder where a distribution without the index
        // function served it.
        if let Some(folder) = key.strip_suffix("index.html").filter(|f| f.is_empty() || f.ends_with('/')) {
            invalidations.insert(invalidation_path(folder));
        }
    }
    Plan {
        unchanged: local.len() - uploads.len(),
        uploads,
        deletes,
        invalidations: invalidations.into_iter().collect(),
    }
}

/// Paths are percent-encoded, as CloudFront wants them, except the separators.
fn invalidation_path(key: &str) -> String {
    const KEEP: &AsciiSet = &NON_ALPHANUMERIC.remove(b'/').remove(b'-').remove(b'.').remove(b'_').remove(b'~');
    format!("/{}", utf8_percent_encode(key, KEEP))
}

/// The files of a rendered site.
pub fn files_of(site: &site::Site) -> Vec<LocalFile> {
    site.files.iter().map(|file| LocalFile::new(file.path.clone(), file.bytes.clone())).collect()
}

/// The files of a folder written by `build`, minus hidden ones (such as build's marker file).
pub fn files_in(dir: &Path) -> anyhow::Result<Vec<LocalFile>> {
    if !dir.is_dir() {
        bail!("{} is not a folder; give --dir the folder that `cloud-resume build --out` wrote", dir.display());
    }
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    for entry in walk.filter_entry(|entry| entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path();
        if !entry.file_type().is_file() {
            bail!("{} is not a regular file (a link?); the site folder must hold only files", path.display());
        }
        let relative = path.strip_prefix(dir).unwrap_or(path);
        let key = relative
            .iter()
            .map(|part| part.to_str())
            .collect::<Option<Vec<_>>>()
            .with_context(|| format!("{} has a name that is not UTF-8; rename it", path.display()))?
            .join("/");
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        files.push(LocalFile::new(key, bytes));
    }
    if !files.iter().any(|file| file.key == "index.html") {
        bail!(
            "{} has no index.html; give --dir a folder written by `cloud-resume build` (deploying deletes \
             whatever the bucket holds that the folder does not)",
            dir.display()
        );
    }
    Ok(files)
}

/// Makes the bucket hold exactly `files` and invalidates what changed; with `dry_run`, only
/// says what it would do.
pub async fn deploy(
    s3: &aws_sdk_s3::Client,
    cloudfront: &aws_sdk_cloudfront::Client,
    bucket: &str,
    distribution: &str,
    files: &[LocalFile],
    dry_run: bool,
) -> anyhow::Result<()> {
    let remote = remote_objects(s3, bucket, files).await?;
    let plan = plan(files, &remote);
    if dry_run {
        print_plan(&plan, bucket);
        return Ok(());
    }
    if plan.is_empty() {
        println!(
            "s3://{bucket} already holds this site ({} files): nothing to upload, delete or invalidate",
            plan.unchanged
        );
        return Ok(());
    }
    let progress = Progress::new(plan.uploads.len() + plan.deletes.len());
    upload_changed(s3, bucket, &plan, &progress).await?;
    delete_stale(s3, bucket, &plan, &progress).await?;
    progress.finish();
    if !plan.invalidations.is_empty() {
        let id = invalidate(cloudfront, distribution, &plan.invalidations).await?;
        println!("invalidation {id} in {distribution}: {}", plan.invalidations.join(" "));
    }
    println!(
        "deployed to s3://{bucket}: {} uploaded, {} unchanged, {} deleted",
        plan.uploads.len(),
        plan.unchanged,
        plan.deletes.len()
    );
    Ok(())
}

/// What a deploy would do, one line per change.
fn print_plan(plan: &Plan<'_>, bucket: &str) {
    for file in &plan.uploads {
        println!(
            "would upload {} ({}, {}, {} bytes)",
            file.key,
            file.content_type,
            file.cache_control,
            file.bytes.len()
        );
    }
    for key in &plan.deletes {
        println!("would delete {key}");
    }
    if !plan.invalidations.is_empty() {
        println!("would invalidate {}", plan.invalidations.join(" "));
    }
    println!(
        "dry run: {} to upload, {} unchanged, {} to delete in s3://{bucket}; nothing was changed",
        plan.uploads.len(),
        plan.unchanged,
        plan.deletes.len()
    );
}

/// Uploads the plan's files, all assets before any page, a few at a time.
pub async fn upload_changed(
    s3: &aws_sdk_s3::Client,
    bucket: &str,
    plan: &Plan<'_>,
    progress: &Progress,
) -> anyhow::Result<()> {
    let (assets, pages): (Vec<&LocalFile>, Vec<&LocalFile>) = plan.uploads.iter().partition(|file| !file.is_page());
    for group in [assets, pages] {
        stream::iter(group)
            .map(|file| async {
                upload(s3, bucket, file).await?;
                progress.step(format!("uploaded {} ({}, {})", file.key, file.content_type, file.cache_control));
                anyhow::Ok(())
            })
            .buffer_unordered(PARALLEL)
            .try_collect::<()>()
            .await?;
    }
    Ok(())
}

/// Deletes what the bucket holds that the site does not, after the uploads.
pub async fn delete_stale(
    s3: &aws_sdk_s3::Client,
    bucket: &str,
    plan: &Plan<'_>,
    progress: &Progress,
) -> anyhow::Result<()> {
    for key in &plan.deletes {
        s3.delete_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map_err(sdk_error)
            .with_context(|| format!("deleting s3://{bucket}/{key}"))?;
        progress.step(format!("deleted {key}"));
    }
    Ok(())
}

/// Every key in the bucket; the hash and headers of those the site has too.
pub async fn remote_objects(
    s3: &aws_sdk_s3::Client,
    bucket: &str,
    files: &[LocalFile],
) -> anyhow::Result<BTreeMap<String, RemoteObject>> {
    let mut keys = Vec::new();
    let mut pages = s3.list_objects_v2().bucket(bucket).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(sdk_error).with_context(|| {
            format!("listing s3://{bucket} (does the bucket exist, and may these credentials list it?)")
        })?;
        keys.extend(page.contents().iter().filter_map(|object| object.key().map(str::to_owned)));
    }
    let wanted: BTreeSet<&str> = files.iter().map(|file| file.key.as_str()).collect();
    let heads = stream::iter(keys)
        .map(|key| async {
            if !wanted.contains(key.as_str()) {
                return anyhow::Ok((key, RemoteObject::default()));
            }
            let head = s3
                .head_object()
                .bucket(bucket)
                .key(&key)
                .send()
                .await
                .map_err(sdk_error)
                .with_context(|| format!("reading the headers of s3://{bucket}/{key}"))?;
            let object = RemoteObject {
                sha256: head.metadata().and_then(|meta| meta.get(SHA256_KEY)).cloned(),
                content_type: head.content_type().map(str::to_owned),
                cache_control: head.cache_control().map(str::to_owned),
            };
            Ok((key, object))
        })
        .buffer_unordered(PARALLEL);
    heads.try_collect().await
}

async fn upload(s3: &aws_sdk_s3::Client, bucket: &str, file: &LocalFile) -> anyhow::Result<()> {
    s3.put_object()
        .bucket(bucket)
        .key(&file.key)
        .body(file.bytes.clone().into())
        .content_type(&file.content_type)
        .cache_control(file.cache_control)
        .metadata(SHA256_KEY, &file.sha256)
        .send()
        .await
        .map_err(sdk_error)
        .with_context(|| format!("uploading {} to s3://{bucket}", file.key))?;
    Ok(())
}

/// Invalidates `paths` in the distribution; returns the invalidation's id.
pub async fn invalidate(
    cloudfront: &aws_sdk_cloudfront::Client,
    distribution: &str,
    paths: &[String],
) -> anyhow::Result<String> {
    use aws_sdk_cloudfront::types::{InvalidationBatch, Paths};

    let reference = format!("cloud-resume-{}", time::OffsetDateTime::now_utc().unix_timestamp_nanos());
    let paths =
        Paths::builder().quantity(paths.len() as i32).set_items(Some(paths.to_vec())).build().map_err(sdk_error)?;
    let batch = InvalidationBatch::builder().caller_reference(reference).paths(paths).build().map_err(sdk_error)?;
    let answer = cloudfront
        .create_invalidation()
        .distribution_id(distribution)
        .invalidation_batch(batch)
        .send()
        .await
        .map_err(sdk_error)
        .with_context(|| format!("invalidating the changed paths in the CloudFront distribution {distribution}"))?;
    Ok(answer.invalidation().map(|i| i.id().to_owned()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remote_copy(file: &LocalFile) -> RemoteObject {
        RemoteObject {
            sha256: Some(file.sha256.clone()),
            content_type: Some(file.content_type.clone()),
            cache_control: Some(file.cache_control.to_owned()),
        }
    }

    fn site() -> Vec<LocalFile> {
        [
            ("index.html", "<p>hi</p>"),
            ("stats.html", "<p>stats</p>"),
            ("assets/site.0a1b2c3d.css", "p{}"),
            ("assets/counter.99aa00ff.js", "0"),
            ("favicon.svg", "<svg/>"),
        ]
        .into_iter()
        .map(|(key, body)| LocalFile::new(key.into(), body.into()))
        .collect()
    }

    #[test]
    fn a_new_bucket_gets_everything_assets_first() {
        let files = site();
        let plan = plan(&files, &BTreeMap::new());
        let keys: Vec<&str> = plan.uploads.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(
            keys,
            ["assets/counter.99aa00ff.js", "assets/site.0a1b2c3d.css", "favicon.svg", "index.html", "stats.html"]
        );
        assert_eq!(plan.invalidations, ["/", "/favicon.svg", "/index.html", "/stats.html"]);
    }

    #[test]
    fn a_language_changed_invalidates_its_pages_alone() {
        let mut files = site();
        files.push(LocalFile::new("de/index.html".into(), b"<p>Hallo</p>".to_vec()));
        files.push(LocalFile::new("de/resume.txt".into(), b"Hallo".to_vec()));
        let mut remote: BTreeMap<String, RemoteObject> =
            files.iter().map(|f| (f.key.clone(), remote_copy(f))).collect();
        remote.get_mut("de/index.html").unwrap().sha256 = Some("0".repeat(64));
        let plan = plan(&files, &remote);
        assert_eq!(plan.uploads.iter().map(|f| f.key.as_str()).collect::<Vec<_>>(), ["de/index.html"]);
        assert_eq!(plan.invalidations, ["/de/", "/de/index.html"]);
    }

    #[test]
    fn an_unchanged_site_does_nothing() {
        let files = site();
        let remote = files.iter().map(|f| (f.key.clone(), remote_copy(f))).collect();
        let plan = plan(&files, &remote);
        assert!(plan.is_empty() && plan.invalidations.is_empty());
        assert_eq!(plan.unchanged, 5);
    }

    #[test]
    fn changes_headers_and_stale_objects() {
        let files = site();
        let mut remote: BTreeMap<String, RemoteObject> =
            files.iter().map(|f| (f.key.clone(), remote_copy(f))).collect();
        remote.get_mut("stats.html").unwrap().sha256 = Some("0".repeat(64));
        remote.get_mut("favicon.svg").unwrap().cache_control = Some(NO_CACHE.into());
        remote.insert("old page.html".into(), RemoteObject::default());
        remote.insert("assets/site.deadbeef.css".into(), RemoteObject::default());
        let plan = plan(&files, &remote);
        let keys: Vec<&str> = plan.uploads.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["favicon.svg", "stats.html"]);
        assert_eq!(plan.deletes, ["assets/site.deadbeef.css", "old page.html"]);
        assert_eq!(plan.invalidations, ["/favicon.svg", "/old%20page.html", "/stats.html"]);
        assert_eq!(plan.unchanged, 3);
    }

    #[test]
    fn a_folder_keeps_its_tree_and_skips_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("assets")).unwrap();
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        std::fs::write(dir.path().join("index.html"), "<p>").unwrap();
        std::fs::write(dir.path().join("assets/site.0a1b2c3d.css"), "p{}").unwrap();
        std::fs::write(dir.path().join(".cloud-resume-build"), "").unwrap();
        std::fs::write(dir.path().join(".git/config"), "").unwrap();
        let keys: Vec<String> = files_in(dir.path()).unwrap().into_iter().map(|f| f.key).collect();
        assert_eq!(keys, ["assets/site.0a1b2c3d.css", "index.html"]);

        std::fs::remove_file(dir.path().join("index.html")).unwrap();
        let err = files_in(dir.path()).unwrap_err().to_string();
        assert!(err.contains("has no index.html"), "{err}");
    }
}
