//! The rendered site, served from memory: every file compressed once at start (gzip and
//! Brotli, kept only where smaller), and answered with the HTTP caching and range rules —
//! `ETag` and `Last-Modified`, `If-None-Match` and `If-Modified-Since` (304), `Range` and
//! `If-Range` (206, 416), `Vary: Accept-Encoding`, `HEAD`. Nothing is read from or written to
//! the disk, so nothing in the data directory is ever followed or deleted.

use std::collections::HashMap;
use std::io::Write;
use std::ops::RangeInclusive;
use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use sha2::{Digest, Sha256};

/// One file of the site, in each encoding worth sending.
struct Asset {
    identity: Bytes,
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
    /// The identity representation's strong validator, without quotes.
    tag: String,
    content_type: HeaderValue,
    cache_control: &'static str,
}

/// The site's files by URL path (`/`, `/stats.html`, `/assets/site.1a2b3c4d.css`).
pub struct SiteFiles {
    files: HashMap<String, Asset>,
    not_found: Asset,
    /// When the site was rendered: every file's `Last-Modified`.
    rendered_at: SystemTime,
}

/// Which representation a response carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coding {
    Identity,
    Gzip,
    Brotli,
}

impl Coding {
    fn name(self) -> Option<&'static str> {
        match self {
            Self::Identity => None,
            Self::Gzip => Some("gzip"),
            Self::Brotli => Some("br"),
        }
    }
}

impl Asset {
    fn new(path: &str, bytes: &[u8]) -> Self {
        let content_type = site::serving::content_type(path);
        let compressible = content_type.starts_with("text/")
            || ["javascript", "json", "svg", "xml"].iter().any(|t| content_type.contains(t));
        let smaller = |packed: Vec<u8>| (packed.len() < bytes.len()).then(|| Bytes::from(packed));
        Self {
            identity: Bytes::copy_from_slice(bytes),
            gzip: compressible.then(|| gzip(bytes)).and_then(smaller),
            brotli: compressible.then(|| brotli(bytes)).and_then(smaller),
            tag: hex::encode(&Sha256::digest(bytes)[..12]),
            content_type: HeaderValue::from_str(&content_type)
                .unwrap_or(HeaderValue::from_static("application/octet-stream")),
            cache_control: site::serving::cache_control(path),
        }
    }

    fn body(&self, coding: Coding) -> &Bytes {
        match coding {
            Coding::Gzip => self.gzip.as_ref().unwrap_or(&self.identity),
            Coding::Brotli => self.brotli.as_ref().unwrap_or(&self.identity),
            Coding::Identity => &self.identity,
        }
    }

    /// The `ETag` of one representation: each encoding is a different sequence of bytes.
    fn etag(&self, coding: Coding) -> String {
        match coding.name() {
            Some(name) => format!("\"{}-{name}\"", self.tag),
            None => format!("\"{}\"", self.tag),
        }
    }

    fn varies(&self) -> bool {
        self.gzip.is_some() || self.brotli.is_some()
    }

    /// The best encoding the client accepts, by its `Accept-Encoding` (q-values honoured; ties
    /// go to the smaller, Brotli).
    fn negotiate(&self, headers: &HeaderMap) -> Coding {
        let accepted = headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(",");
        let quality = |wanted: &str| -> f32 {
            let mut star = 0.0;
            for item in accepted.split(',') {
                let mut parts = item.split(';');
                let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
                let q = parts
                    .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()))
                    .unwrap_or(1.0);
                if name == wanted {
                    return q;
                }
                if name == "*" {
                    star = q;
                }
            }
            star
        };
        let candidates = [(Coding::Brotli, self.brotli.is_some()), (Coding::Gzip, self.gzip.is_some())];
        let mut best = (Coding::Identity, 0.0_f32);
        for (coding, available) in candidates {
            let q = if available { quality(coding.name().unwrap_or_default()) } else { 0.0 };
            if q > best.1 {
                best = (coding, q);
            }
        }
        best.0
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
    out
}

impl SiteFiles {
    /// The files of `site`, compressed, under the paths a browser asks for.
    pub fn new(site: &site::Site) -> Self {
        let mut files = HashMap::new();
        for file in &site.files {
            let asset = Asset::new(&file.path, &file.bytes);
            let url = match file.path.strip_suffix("index.html") {
                Some(folder) => format!("/{folder}"),
                None => format!("/{}", file.path),
            };
            files.insert(url, asset);
        }
        let not_found = match site.file("404.html") {
            Some(page) => Asset::new("404.html", &page.bytes),
            None => Asset::new("404.html", b"<!doctype html><title>Not found</title><h1>Not found</h1>"),
        };
        Self { files, not_found, rendered_at: SystemTime::now() }
    }

    /// The file a request path names: exactly one of the site's paths, `/index.html` being `/`.
    /// Percent-escapes are decoded; nothing else is resolved, so `..` and the like find nothing.
    fn find(&self, path: &str) -> Option<&Asset> {
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
        let path = decoded.strip_suffix("index.html").unwrap_or(&decoded);
        self.files.get(path)
    }

    /// The bytes served at `path`, as they are (for tests).
    #[cfg(test)]
    pub(crate) fn bytes_of(&self, path: &str) -> Option<&[u8]> {
        self.find(path).map(|asset| &asset.identity[..])
    }

    /// Every path served (for tests).
    #[cfg(test)]
    pub(crate) fn paths(&self) -> Vec<String> {
        self.files.keys().cloned().collect()
    }

    fn last_modified(&self) -> String {
        httpdate::fmt_http_date(self.rendered_at)
    }

    /// Whether the client's copy (named by `If-None-Match`, else by `If-Modified-Since`) is
    /// current. A weak comparison, as RFC 9110 asks for `If-None-Match`.
    fn is_fresh(&self, asset: &Asset, headers: &HeaderMap) -> bool {
        if let Some(tags) = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
            let ours = [Coding::Identity, Coding::Gzip, Coding::Brotli].map(|c| asset.etag(c));
            return tags
                .split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == "*" || ours.iter().any(|o| o == t));
        }
        let since = headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok());
        // HTTP dates have whole seconds: compare at that precision.
        let rendered = httpdate::parse_http_date(&self.last_modified()).ok();
        matches!((since, rendered), (Some(since), Some(rendered)) if rendered <= since)
    }

    /// The one byte range asked for, if the request asks for one and `If-Range` (when sent)
    /// still names this file. `Err` when the range cannot be satisfied.
    fn range(&self, asset: &Asset, headers: &HeaderMap) -> Option<Result<RangeInclusive<u64>, ()>> {
        let raw = headers.get(header::RANGE)?.to_str().ok()?;
        if let Some(condition) = headers.get(header::IF_RANGE).and_then(|v| v.to_str().ok()) {
            let current = condition == asset.etag(Coding::Identity) || condition == self.last_modified();
            if !current {
                return None;
            }
        }
        let len = asset.identity.len() as u64;
        match http_range_header::parse_range_header(raw).map(|r| r.validate(len)) {
            Ok(Ok(ranges)) if ranges.len() == 1 => ranges.into_iter().next().map(Ok),
            // Several ranges: the whole file is a valid answer, and simpler for everyone.
            Ok(Ok(_)) => None,
            Ok(Err(_)) => Some(Err(())),
            // A header we cannot read is ignored, as RFC 9110 allows.
            Err(_) => None,
        }
    }

    pub(crate) fn answer(&self, method: &Method, path: &str, headers: &HeaderMap) -> Response {
        if method != Method::GET && method != Method::HEAD {
            let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return response;
        }
        let Some(asset) = self.find(path) else {
            return self.representation(&self.not_found, StatusCode::NOT_FOUND, Coding::Identity, method, None);
        };
        if self.is_fresh(asset, headers) {
            let coding = asset.negotiate(headers);
            let mut response = self.representation(asset, StatusCode::NOT_MODIFIED, coding, method, None);
            *response.body_mut() = Body::empty();
            response.headers_mut().remove(header::CONTENT_LENGTH);
            return response;
        }
        match self.range(asset, headers) {
            Some(Ok(range)) => {
                self.representation(asset, StatusCode::PARTIAL_CONTENT, Coding::Identity, method, Some(range))
            }
            Some(Err(())) => {
                let mut response = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
                let unsatisfied = format!("bytes */{}", asset.identity.len());
                response.headers_mut().insert(
                    header::CONTENT_RANGE,
                    HeaderValue::from_str(&unsatisfied).unwrap_or(HeaderValue::from_static("bytes */0")),
                );
                response
            }
            None => self.representation(asset, StatusCode::OK, asset.negotiate(headers), method, None),
        }
    }

    fn representation(
        &self,
        asset: &Asset,
        status: StatusCode,
        coding: Coding,
        method: &Method,
        range: Option<RangeInclusive<u64>>,
    ) -> Response {
        let full = asset.body(coding);
        let body = match &range {
            Some(r) => full.slice(*r.start() as usize..=*r.end() as usize),
            None => full.clone(),
        };
        let mut response = Response::new(Body::empty());
        *response.status_mut() = status;
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, asset.content_type.clone());
        let cache = if status == StatusCode::NOT_FOUND { site::serving::NO_CACHE } else { asset.cache_control };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
        if status != StatusCode::NOT_FOUND {
            headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
            if let Ok(etag) = HeaderValue::from_str(&asset.etag(coding)) {
                headers.insert(header::ETAG, etag);
            }
            if let Ok(date) = HeaderValue::from_str(&self.last_modified()) {
                headers.insert(header::LAST_MODIFIED, date);
            }
        }
        if let Some(name) = coding.name() {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
        }
        if asset.varies() {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        if let Some(r) = range {
            let value = format!("bytes {}-{}/{}", r.start(), r.end(), full.len());
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(header::CONTENT_RANGE, value);
            }
        }
        if method != Method::HEAD {
            *response.body_mut() = Body::from(body);
        }
        response
    }
}

/// The axum handler over shared [`SiteFiles`]: the router's fallback.
pub async fn serve_file(State(files): State<Arc<SiteFiles>>, request: Request) -> Response {
    files.answer(request.method(), request.uri().path(), request.headers())
}
