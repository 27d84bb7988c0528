use std::path::Path;

use minijinja::{Environment, context};
use sha2::{Digest, Sha256};

use crate::Resume;

/// One file of the rendered site, at a `/`-separated path relative to the site root.
#[derive(Debug, Clone)]
pub struct SiteFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A rendered site, ready to write out or upload.
#[derive(Debug, Clone)]
pub struct Site {
    pub files: Vec<SiteFile>,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the theme template {name} failed: {source}")]
    Template { name: String, source: minijinja::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: std::path::PathBuf, source: std::io::Error },
}

const INDEX: &str = include_str!("../templates/index.html");
const NOT_FOUND: &str = include_str!("../templates/404.html");
const CSS: &str = include_str!("../assets/site.css");
const JS: &str = include_str!("../assets/counter.js");
const FAVICON: &str = include_str!("../assets/favicon.svg");

/// Renders the resume with the built-in theme.
pub fn render(resume: &Resume) -> Result<Site, RenderError> {
    let css_name = hashed("assets/site", "css", CSS.as_bytes());
    let js_name = hashed("assets/counter", "js", JS.as_bytes());
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.add_filter("safe_url", safe_url);
    for (name, source) in [("index.html", INDEX), ("404.html", NOT_FOUND)] {
        env.add_template(name, source).map_err(|source| RenderError::Template { name: name.into(), source })?;
    }
    let ctx = context! { resume => minijinja::value::Serde(resume), css => minijinja::Value::from_safe_string(css_name.clone()), js => minijinja::Value::from_safe_string(js_name.clone()) };
    let page = |name: &str| -> Result<Vec<u8>, RenderError> {
        env.get_template(name)
            .and_then(|t| t.render(&ctx))
            .map(String::into_bytes)
            .map_err(|source| RenderError::Template { name: name.into(), source })
    };
    let files = vec![
        SiteFile { path: "index.html".into(), bytes: page("index.html")? },
        SiteFile { path: "404.html".into(), bytes: page("404.html")? },
        SiteFile { path: css_name, bytes: CSS.as_bytes().to_vec() },
        SiteFile { path: js_name, bytes: JS.as_bytes().to_vec() },
        SiteFile { path: "favicon.svg".into(), bytes: FAVICON.as_bytes().to_vec() },
        SiteFile { path: "robots.txt".into(), bytes: b"User-agent: *\nAllow: /\n".to_vec() },
    ];
    Ok(Site { files })
}

impl Site {
    /// Writes every file under `dir`, creating folders as needed.
    pub fn write_to(&self, dir: &Path) -> Result<(), RenderError> {
        for file in &self.files {
            let target = dir.join(&file.path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|source| RenderError::Write { path: parent.into(), source })?;
            }
            std::fs::write(&target, &file.bytes).map_err(|source| RenderError::Write { path: target, source })?;
        }
        Ok(())
    }

    pub fn file(&self, path: &str) -> Option<&SiteFile> {
        self.files.iter().find(|f| f.path == path)
    }
}

/// `stem.<first 8 hex digits of SHA-256>.ext`: the name changes exactly when the content does,
/// so browsers may cache it forever.
fn hashed(stem: &str, ext: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    format!("{stem}.{}.{ext}", hex::encode(&digest[..4]))
}

/// Passes http(s), mailto and tel URLs, HTML-escaped for a quoted attribute (but keeping `/`
/// readable); anything else (`javascript:`, `data:` …) becomes empty, and the templates render no
/// link for an empty URL.
fn safe_url(value: String) -> minijinja::Value {
    let url = value.trim();
    let lower = url.to_ascii_lowercase();
    if !["http://", "https://", "mailto:", "tel:"].iter().any(|p| lower.starts_with(p)) {
        return minijinja::Value::from("");
    }
    let mut escaped = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    minijinja::Value::from_safe_string(escaped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_safe_schemes_survive() {
        let url = |s: &str| safe_url(s.to_owned()).to_string();
        assert_eq!(url("https://example.com/a?b=1&c=\"x\""), "https://example.com/a?b=1&amp;c=&quot;x&quot;");
        assert_eq!(url("MAILTO:a@b.c"), "MAILTO:a@b.c");
        assert_eq!(url("javascript:alert(1)"), "");
        assert_eq!(url(" JavaScript:alert(1)"), "");
        assert_eq!(url("data:text/html,x"), "");
    }

    #[test]
    fn strings_are_escaped_and_assets_hashed() {
        let resume: Resume = serde_json::from_str(
            r#"{"basics":{"name":"<script>alert(1)</script>","url":"javascript:alert(2)"},
                "work":[{"name":"\" onmouseover=\"x","url":"https://ok.example"}]}"#,
        )
        .unwrap();
        let site = render(&resume).unwrap();
        let html = String::from_utf8(site.file("index.html").unwrap().bytes.clone()).unwrap();
        assert!(!html.contains("<script>alert(1)"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;") || html.contains("&lt;script&gt;"));
        assert!(!html.contains("javascript:alert(2)"));
        assert!(!html.contains("\" onmouseover"));
        assert!(html.contains("href=\"https://ok.example\""));
        assert!(site.files.iter().any(|f| f.path.starts_with("assets/site.") && f.path.ends_with(".css")));
    }
}
