//! The themes of cloud-resume as data: the built-in ones, and theme folders that replace some
//! of a theme's files.
//!
//! A [`Theme`] is a set of named files, no more: the page templates (`*.html`, `resume.txt`),
//! the stylesheet (`site.css`) and the print design (`resume.typ`, which includes the theme's
//! `print.typ`). The HTML renderer (`site`) and the PDF renderer (`print`) each take the files
//! they need from it; this crate renders nothing and knows neither of them.
//!
//! Every built-in theme renders the same pages from the same macros (`shared/parts.html`: one
//! entry of each section, the contact lines with their icons, the counter) and the same print
//! template (`shared/resume.typ`: the order, the entries and their page breaks). A theme is its
//! folder under `themes/`: its stylesheet (after the one every theme shares, `shared/common.css`:
//! the counter, the chart, icons, what screen readers need), its print design, and its page
//! layout where it has one of its own. A user's folder (`--theme DIR`) replaces any of these
//! files, read by the same loader.

#![warn(missing_docs)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why a theme could not be loaded. Each message names the file.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// A theme file could not be read.
    #[error("cannot read the theme file {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// No built-in theme has that name.
    #[error("{}there is no theme named {name:?}; {}", file.as_ref().map(|f| format!("{}: ", f.display())).unwrap_or_default(), theme_list())]
    Unknown {
        /// The name given.
        name: String,
        /// The theme folder's settings that gave it, if they did.
        file: Option<PathBuf>,
    },
    /// A theme folder's `theme.json` does not say what it may.
    #[error("the theme settings {} do not read: {why}", path.display())]
    Settings {
        /// The file.
        path: PathBuf,
        /// Why.
        why: String,
    },
    /// A theme folder holds none of the files a theme may override.
    #[error("the theme folder {} has none of {}; a theme overrides at least one of them", path.display(), THEME_FILES.join(", "))]
    Empty {
        /// The folder.
        path: PathBuf,
    },
}

/// A built-in theme: its name, and one line saying what it looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThemeInfo {
    /// What `--theme` and `meta.theme` call it.
    pub name: &'static str,
    /// What it looks like, in a line.
    pub about: &'static str,
}

/// The built-in themes, the default first.
pub const THEMES: &[ThemeInfo] = &[
    ThemeInfo {
        name: "column",
        about: "one centred column in a sans-serif, dates set right, a blue accent (the default)",
    },
    ThemeInfo { name: "margin", about: "section names in a left margin beside their entries, employers in teal" },
    ThemeInfo {
        name: "sidebar",
        about: "a tinted sidebar with photo, contact, skills and languages beside the experience",
    },
    ThemeInfo {
        name: "serif",
        about: "a classic centred serif for academic and formal CVs, small capitals, oxblood rules",
    },
];

/// The theme used when neither `--theme` nor `meta.theme` names one.
pub const DEFAULT_THEME: &str = "column";

/// The files a theme folder may replace.
pub const THEME_FILES: &[&str] = &[
    "base.html",
    "index.html",
    "parts.html",
    "stats.html",
    "404.html",
    "resume.txt",
    "resume.typ",
    "print.typ",
    "site.css",
];

/// What a theme folder may hold to say which built-in theme its other files come from:
/// `{"extends": "sidebar"}`.
pub const THEME_SETTINGS: &str = "theme.json";

const SHARED: &[(&str, &str)] = &[
    ("base.html", include_str!("../shared/base.html")),
    ("index.html", include_str!("../shared/index.html")),
    ("parts.html", include_str!("../shared/parts.html")),
    ("stats.html", include_str!("../shared/stats.html")),
    ("404.html", include_str!("../shared/404.html")),
    ("resume.txt", include_str!("../shared/resume.txt")),
    ("resume.typ", include_str!("../shared/resume.typ")),
];
const COMMON_CSS: &str = include_str!("../shared/common.css");

/// Each theme's own files (its folder under `themes/`): its stylesheet, its print design
/// (`print.typ`, which the shared `resume.typ` includes), and its layout where it has one of its
/// own.
fn own_files(name: &str) -> &'static [(&'static str, &'static str)] {
    match name {
        "margin" => &[
            ("site.css", include_str!("../themes/margin/site.css")),
            ("print.typ", include_str!("../themes/margin/print.typ")),
        ],
        "sidebar" => &[
            ("site.css", include_str!("../themes/sidebar/site.css")),
            ("index.html", include_str!("../themes/sidebar/index.html")),
            ("print.typ", include_str!("../themes/sidebar/print.typ")),
        ],
        "serif" => &[
            ("site.css", include_str!("../themes/serif/site.css")),
            ("print.typ", include_str!("../themes/serif/print.typ")),
        ],
        _ => &[
            ("site.css", include_str!("../themes/column/site.css")),
            ("print.typ", include_str!("../themes/column/print.typ")),
        ],
    }
}

/// Which theme a command was given: a built-in one by name, or a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeArg {
    /// A built-in theme.
    Named(&'static str),
    /// A folder whose files replace a built-in theme's.
    Dir(PathBuf),
}

impl ThemeArg {
    /// A name of [`THEMES`] is that theme; anything with a path separator, or an existing
    /// folder, is a folder (`./serif` is the folder when a theme has the name); anything else
    /// is an error that lists the names.
    pub fn parse(value: &str) -> Result<Self, String> {
        let path = Path::new(value);
        let looks_like_path = value.contains('/') || value.contains(std::path::MAIN_SEPARATOR) || value == ".";
        match theme_named(value) {
            Some(info) if !looks_like_path => Ok(ThemeArg::Named(info.name)),
            _ if looks_like_path || path.is_dir() => Ok(ThemeArg::Dir(path.to_owned())),
            _ => Err(format!("there is no theme named {value:?} and no folder of that name; {}", theme_list())),
        }
    }

    /// The folder, for a theme given as one.
    pub fn dir(&self) -> Option<&Path> {
        match self {
            ThemeArg::Dir(dir) => Some(dir),
            ThemeArg::Named(_) => None,
        }
    }
}

/// The built-in theme of that name (any case), if there is one.
pub fn theme_named(name: &str) -> Option<&'static ThemeInfo> {
    THEMES.iter().find(|t| t.name.eq_ignore_ascii_case(name.trim()))
}

/// "the themes are column, margin, sidebar and serif (`cloud-resume themes` shows them)".
pub fn theme_list() -> String {
    let names: Vec<&str> = THEMES.iter().map(|t| t.name).collect();
    let (last, rest) = names.split_last().map_or(("", &[][..]), |(l, r)| (*l, r));
    format!("the themes are {} and {last} (`cloud-resume themes` shows them)", rest.join(", "))
}

/// Templates and CSS: a built-in theme, with any of [`THEME_FILES`] replaced from a folder.
#[derive(Debug, Clone)]
pub struct Theme {
    name: &'static str,
    files: BTreeMap<&'static str, String>,
}

impl Default for Theme {
    fn default() -> Self {
        Self::named(DEFAULT_THEME).unwrap_or_else(|| Self { name: DEFAULT_THEME, files: BTreeMap::new() })
    }
}

impl Theme {
    /// The default built-in theme.
    pub fn builtin() -> Self {
        Self::default()
    }

    /// The built-in theme of that name (any case).
    pub fn named(name: &str) -> Option<Self> {
        let info = theme_named(name)?;
        let mut files: BTreeMap<&'static str, String> =
            SHARED.iter().map(|(file, text)| (*file, (*text).to_owned())).collect();
        for (file, text) in own_files(info.name) {
            let text = if *file == "site.css" { format!("{COMMON_CSS}{text}") } else { (*text).to_owned() };
            files.insert(file, text);
        }
        Some(Self { name: info.name, files })
    }

    /// The theme a command was given.
    pub fn load(arg: &ThemeArg) -> Result<Self, ThemeError> {
        match arg {
            ThemeArg::Named(name) => {
                Self::named(name).ok_or_else(|| ThemeError::Unknown { name: (*name).to_owned(), file: None })
            }
            ThemeArg::Dir(dir) => Self::from_dir(dir),
        }
    }

    /// The built-in theme the folder's `theme.json` names (else the default), with every file of
    /// [`THEME_FILES`] that `dir` has replaced by it.
    pub fn from_dir(dir: &Path) -> Result<Self, ThemeError> {
        let meta = std::fs::metadata(dir).map_err(|source| ThemeError::Read { path: dir.to_owned(), source })?;
        if !meta.is_dir() {
            let source = std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a folder");
            return Err(ThemeError::Read { path: dir.to_owned(), source });
        }
        let mut theme = match extends(dir)? {
            Some(name) => {
                Self::named(&name).ok_or_else(|| ThemeError::Unknown { name, file: Some(dir.join(THEME_SETTINGS)) })?
            }
            None => Self::default(),
        };
        let mut replaced = 0;
        for name in THEME_FILES {
            let path = dir.join(name);
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    theme.files.insert(name, text);
                    replaced += 1;
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(ThemeError::Read { path, source }),
            }
        }
        if replaced == 0 {
            return Err(ThemeError::Empty { path: dir.to_owned() });
        }
        Ok(theme)
    }

    /// The built-in theme this one is (or whose files a folder replaces).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The text of one of [`THEME_FILES`] (empty for any other name).
    pub fn get(&self, name: &str) -> &str {
        self.files.get(name).map(String::as_str).unwrap_or_default()
    }
}

/// The theme a folder's `theme.json` says it extends, if it has one.
fn extends(dir: &Path) -> Result<Option<String>, ThemeError> {
    let path = dir.join(THEME_SETTINGS);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(ThemeError::Read { path, source }),
    };
    let settings: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| ThemeError::Settings { path: path.clone(), why: format!("it is not JSON: {e}") })?;
    match settings.get("extends") {
        None => Ok(None),
        Some(serde_json::Value::String(name)) => Ok(Some(name.clone())),
        Some(_) => Err(ThemeError::Settings {
            path,
            why: format!("\"extends\" must be the name of a theme; {}", theme_list()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_folders() {
        assert_eq!(ThemeArg::parse("serif"), Ok(ThemeArg::Named("serif")));
        assert_eq!(ThemeArg::parse("Sidebar"), Ok(ThemeArg::Named("sidebar")));
        assert_eq!(ThemeArg::parse("./serif"), Ok(ThemeArg::Dir("./serif".into())));
        assert_eq!(ThemeArg::parse("themes/mine"), Ok(ThemeArg::Dir("themes/mine".into())));
        let err = ThemeArg::parse("elegant").unwrap_err();
        assert!(err.contains("\"elegant\"") && err.contains("column, margin, sidebar and serif"), "{err}");
    }

    #[test]
    fn every_theme_has_every_file() {
        for info in THEMES {
            let theme = Theme::named(info.name).unwrap();
            for file in THEME_FILES {
                assert!(!theme.get(file).is_empty(), "{} {file}", info.name);
            }
            assert!(theme.get("site.css").starts_with(COMMON_CSS), "{}", info.name);
        }
    }
}
