//! How the site is served, wherever it is: the headers of `cloud-resume serve`, the metadata
//! `deploy site` gives each S3 object, and (checked by `infra/tests`) the CloudFront response
//! headers policy. One home for these rules, so the laptop and the cloud cannot disagree.

/// The page loads nothing from another origin, runs no inline script and cannot be framed.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Headers on every response (CloudFront adds HSTS, which needs HTTPS, besides these).
pub const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("cross-origin-opener-policy", "same-origin"),
];

/// Hashed assets: the name changes whenever the content does.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Pages, the resume as text and PDF, and anything that is not a file of the site: always
/// revalidated, so a deploy shows at once.
pub const NO_CACHE: &str = "no-cache";
/// Everything else (favicon, robots.txt, the picture under a stable name): an hour.
pub const ONE_HOUR: &str = "public, max-age=3600";

/// `name.<8 hex digits>.ext`, as the renderer names its CSS, scripts and picture.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3 && {
        let hash = parts[parts.len() - 2];
        hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }
}

/// The `Cache-Control` of the site's file at `path` (`index.html`, `/assets/site.1a2b3c4d.css`,
/// `/` for the index page).
pub fn cache_control(path: &str) -> &'static str {
    if path.is_empty() || path.ends_with('/') || path.ends_with(".html") || is_resume_document(path) {
        NO_CACHE
    } else if is_hashed(path) {
        IMMUTABLE
    } else {
        ONE_HOUR
    }
}

/// `resume.txt` and `resume.pdf`: the resume itself in other forms, revalidated like the pages.
fn is_resume_document(path: &str) -> bool {
    matches!(path.trim_start_matches('/'), "resume.txt" | "resume.pdf")
}

/// The `Content-Type` from the extension; text types say they are UTF-8, which is what the
/// renderer writes.
pub fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let textual = mime.type_() == "text"
        || matches!(mime.essence_str(), "application/javascript" | "application/json" | "image/svg+xml")
        || mime.suffix().is_some_and(|suffix| suffix == "json" || suffix == "xml");
    if textual { format!("{}; charset=utf-8", mime.essence_str()) } else { mime.essence_str().to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_revalidate_hashed_assets_are_immutable_the_rest_an_hour() {
        for page in ["index.html", "/stats.html", "blog/post.html", "/", "", "resume.txt", "/resume.pdf"] {
            assert_eq!(cache_control(page), NO_CACHE, "{page}");
        }
        for asset in ["assets/site.0a1b2c3d.css", "/assets/counter.deadbeef.js", "assets/photo.12345678.jpg"] {
            assert_eq!(cache_control(asset), IMMUTABLE, "{asset}");
        }
        for other in ["favicon.svg", "/robots.txt", "assets/site.css", "a.0A1B2C3D.css", "x.123.js", "a.12345678"] {
            assert_eq!(cache_control(other), ONE_HOUR, "{other}");
        }
    }

    #[test]
    fn text_types_say_utf_8() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/site.0a1b2c3d.css"), "text/css; charset=utf-8");
        assert!(content_type("a.js").ends_with("javascript; charset=utf-8"));
        assert_eq!(content_type("favicon.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("resume.pdf"), "application/pdf");
        assert_eq!(content_type("assets/photo.12345678.png"), "image/png");
        assert_eq!(content_type("no-extension"), "application/octet-stream");
    }
}
