use std::collections::BTreeSet;
use std::fmt;

use percent_encoding::percent_decode_str;
use unicode_normalization::UnicodeNormalization;

/// The longest page path we accept, in bytes, as sent (before normalising).
pub const MAX_PATH_BYTES: usize = 256;

/// The pages of a site rendered by this release: the résumé and its statistics page. The
/// renderer (`site`) checks in its tests that it renders exactly these; the Lambda function,
/// which ships with the same release, counts only them.
pub const SITE_PAGES: &[&str] = &["/", "/stats.html"];

/// A page path in its one normal form, the only form that is ever counted or stored.
///
/// [`PagePath::parse`] turns any of the ways a browser or a person may write a path into it:
/// the query and fragment are dropped, percent-escapes decoded, the text put in Unicode NFC,
/// empty and `.` segments removed and `..` applied, a final `index.html` taken for its folder,
/// and a folder given its trailing slash, a file none. So `/`, `//`, `/index.html`,
/// `/%69ndex.html` and `/?utm=x` are all `/`, `/de`, `/de/index.html` are `/de/`, and
/// `/stats.html/` is `/stats.html`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PagePath(String);

/// Why a page path was refused; the message is written for the person who sent it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("the path must start with \"/\"")]
    /// The path does not start with `/`.
    NoLeadingSlash,
    #[error("the path is {0} bytes long; at most 256 are allowed")]
    /// The path is longer than its limit, in bytes.
    TooLong(usize),
    #[error("the path must not contain control characters")]
    /// The path holds a control character, written out or percent-encoded.
    ControlCharacter,
    #[error("the path's percent-escapes do not decode to UTF-8 text")]
    /// A percent-escape decodes to bytes that are not UTF-8.
    NotUtf8,
}

impl PagePath {
    /// The normal form of `raw`, if it keeps the rules: a leading `/`, at most 256 bytes as
    /// sent, no control characters (also none percent-encoded), UTF-8 once decoded.
    pub fn parse(raw: &str) -> Result<Self, PathError> {
        if !raw.starts_with('/') {
            return Err(PathError::NoLeadingSlash);
        }
        if raw.len() > MAX_PATH_BYTES {
            return Err(PathError::TooLong(raw.len()));
        }
        if raw.chars().any(char::is_control) {
            return Err(PathError::ControlCharacter);
        }
        let without_fragment = raw.split('#').next().unwrap_or_default();
        let without_query = without_fragment.split('?').next().unwrap_or_default();
        let decoded = percent_decode_str(without_query).decode_utf8().map_err(|_| PathError::NotUtf8)?;
        if decoded.chars().any(char::is_control) {
            return Err(PathError::ControlCharacter);
        }
        let text: String = decoded.nfc().collect();
        let mut segments: Vec<&str> = Vec::new();
        for segment in text.split('/') {
            match segment {
                "" | "." => {}
                ".." => {
                    segments.pop();
                }
                other => segments.push(other),
            }
        }
        if segments.last() == Some(&"index.html") {
            segments.pop();
        }
        // A folder (a last segment without a dot: `/de`, `/de/`, `/de/index.html`) ends in a
        // slash, as its address does; a file (`/stats.html/`) does not.
        let folder = segments.last().is_some_and(|last| !last.contains('.'));
        Ok(Self(format!("/{}{}", segments.join("/"), if folder { "/" } else { "" })))
    }

    /// The site root, `/`.
    pub fn root() -> Self {
        Self("/".to_owned())
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for PagePath {
    fn default() -> Self {
        Self::root()
    }
}

impl fmt::Display for PagePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The pages of one site, in normal form: the only paths that are counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSet(BTreeSet<PagePath>);

impl PageSet {
    /// The set of `pages`, each put in normal form; a path that cannot be one is left out.
    pub fn new<'a>(pages: impl IntoIterator<Item = &'a str>) -> Self {
        Self(pages.into_iter().filter_map(|p| PagePath::parse(p).ok()).collect())
    }

    /// The pages this release renders, [`SITE_PAGES`].
    pub fn site() -> Self {
        Self::new(SITE_PAGES.iter().copied())
    }

    /// The pages this release renders for a site in several languages: [`SITE_PAGES`], and for
    /// each of the other `languages` (lower-case tags, `de`, `pt-br`) its page and statistics
    /// page in its folder (`/de/`, `/de/stats.html`).
    pub fn with_languages(languages: &[String]) -> Self {
        let mut pages: Vec<String> = SITE_PAGES.iter().map(|p| (*p).to_owned()).collect();
        for tag in languages {
            pages.push(format!("/{tag}/"));
            pages.push(format!("/{tag}/stats.html"));
        }
        Self::new(pages.iter().map(String::as_str))
    }

    /// Whether `path` is one of the pages.
    pub fn contains(&self, path: &PagePath) -> bool {
        self.0.contains(path)
    }

    /// The pages, in order.
    pub fn iter(&self) -> impl Iterator<Item = &PagePath> {
        self.0.iter()
    }
}

impl Default for PageSet {
    fn default() -> Self {
        Self::site()
    }
}

/// A site's pages while a server runs, which `serve --watch` replaces when the site is rendered
/// again (a language added, or taken away); every clone sees the same pages.
#[derive(Debug, Clone, Default)]
pub struct LivePages(std::sync::Arc<std::sync::RwLock<PageSet>>);

impl LivePages {
    /// Whether `path` is one of the pages now.
    pub fn contains(&self, path: &PagePath) -> bool {
        self.0.read().is_ok_and(|pages| pages.contains(path))
    }

    /// The pages now.
    pub fn now(&self) -> PageSet {
        self.0.read().map(|pages| pages.clone()).unwrap_or_default()
    }

    /// From now on, `pages`.
    pub fn replace(&self, pages: PageSet) {
        if let Ok(mut now) = self.0.write() {
            *now = pages;
        }
    }
}

impl From<PageSet> for LivePages {
    fn from(pages: PageSet) -> Self {
        Self(std::sync::Arc::new(std::sync::RwLock::new(pages)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normal(raw: &str) -> String {
        PagePath::parse(raw).unwrap_or_else(|e| panic!("{raw:?}: {e}")).as_str().to_owned()
    }

    #[test]
    fn every_way_of_writing_the_root_is_the_root() {
        for raw in ["/", "//", "///", "/index.html", "/%69ndex.html", "/?utm_source=x", "/#top", "/./", "/a/..", "/../"]
        {
            assert_eq!(normal(raw), "/", "{raw:?}");
        }
    }

    #[test]
    fn one_trailing_slash_rule_and_folders_by_their_index() {
        assert_eq!(normal("/stats.html"), "/stats.html");
        assert_eq!(normal("/stats.html/"), "/stats.html");
        assert_eq!(normal("//stats.html?x=1#y"), "/stats.html");
        assert_eq!(normal("/%73tats.html"), "/stats.html");
        assert_eq!(normal("/blog/"), "/blog/");
        assert_eq!(normal("/blog"), "/blog/");
        assert_eq!(normal("/blog/index.html"), "/blog/");
        assert_eq!(normal("/de/stats.html/"), "/de/stats.html");
        assert_eq!(normal("/Blog"), "/Blog/", "case is kept: S3 keys are case-sensitive");
    }

    #[test]
    fn unicode_is_decoded_and_composed() {
        // "é" precomposed, decomposed, and percent-encoded decomposed are one page.
        assert_eq!(normal("/caf\u{e9}.html"), "/caf\u{e9}.html");
        assert_eq!(normal("/cafe\u{301}.html"), "/caf\u{e9}.html");
        assert_eq!(normal("/cafe%CC%81.html"), "/caf\u{e9}.html");
    }

    #[test]
    fn refuses_bad_paths_with_the_reason() {
        assert_eq!(PagePath::parse(""), Err(PathError::NoLeadingSlash));
        assert_eq!(PagePath::parse("blog"), Err(PathError::NoLeadingSlash));
        assert_eq!(PagePath::parse(&format!("/{}", "a".repeat(256))), Err(PathError::TooLong(257)));
        assert!(PagePath::parse(&format!("/{}", "a".repeat(255))).is_ok());
        assert_eq!(PagePath::parse("/a\nb"), Err(PathError::ControlCharacter));
        assert_eq!(PagePath::parse("/a\u{7f}"), Err(PathError::ControlCharacter));
        assert_eq!(PagePath::parse("/a\u{85}"), Err(PathError::ControlCharacter));
        assert_eq!(PagePath::parse("/a%0Ab"), Err(PathError::ControlCharacter));
        assert_eq!(PagePath::parse("/a%FF"), Err(PathError::NotUtf8));
    }

    #[test]
    fn the_site_pages_in_normal_form() {
        let pages = PageSet::site();
        assert!(pages.contains(&PagePath::parse("/index.html").unwrap()));
        assert!(pages.contains(&PagePath::parse("/stats.html").unwrap()));
        assert!(!pages.contains(&PagePath::parse("/404.html").unwrap()));
        assert!(!pages.contains(&PagePath::parse("/wp-login.php").unwrap()));
        assert_eq!(pages.iter().map(PagePath::as_str).collect::<Vec<_>>(), ["/", "/stats.html"]);
    }
}
