//! Ways into cloud-resume without writing JSON by hand.
//!
//! - [`starter`]: a resume to start from, every section with a comment on each field (YAML), or
//!   the same as JSON; never written over a file that exists.
//! - [`linkedin`]: the data export LinkedIn sends its members (a ZIP of CSV files, or the folder
//!   it unpacks to) read as a resume, with a warning for each column it does not map and each
//!   value it could not read, naming the file, the row and the column.
//! - [`schema`]: the JSON Schema of what the reader accepts, for editors to check and complete a
//!   resume as it is typed.

#![warn(missing_docs)]

pub mod linkedin;
mod yaml;

use std::path::{Path, PathBuf};

/// The starter resume as YAML, with `{file}` where its own name goes.
const STARTER_YAML: &str = include_str!("starter.yaml");

/// The file name editors are pointed at, beside the resume.
pub const SCHEMA_FILE: &str = "resume.schema.json";

/// Why nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file is there already.
    #[error("{} already exists; it is left as it is ({hint})", path.display())]
    Exists {
        /// The file.
        path: PathBuf,
        /// What to do instead.
        hint: &'static str,
    },
    /// The file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// The JSON Schema of what `cloud-resume` reads: JSON Resume 1.0's, with what this project adds
/// (`meta.theme` and `meta.lang`), pretty-printed.
pub fn schema() -> String {
    let mut schema: serde_json::Value = serde_json::from_str(resume::SCHEMA).unwrap_or_default();
    let names: Vec<&str> = theme::THEMES.iter().map(|t| t.name).collect();
    let about: Vec<String> = theme::THEMES.iter().map(|t| format!("{}: {}", t.name, t.about)).collect();
    let langs: Vec<&str> = resume::LANGS.iter().map(|l| l.tag()).collect();
    if let Some(meta) = schema.pointer_mut("/properties/meta/properties").and_then(|m| m.as_object_mut()) {
        meta.insert(
            "theme".into(),
            serde_json::json!({
                "type": "string",
                "description": format!("The look of the page (cloud-resume themes): {}. --theme wins over it.", about.join("; ")),
                "examples": names,
            }),
        );
        meta.insert(
            "lang".into(),
            serde_json::json!({
                "type": "string",
                "description": format!(
                    "The page's language, a BCP 47 tag: the theme's words and how dates read ({}); a region (en-US) also chooses the PDF's paper.",
                    langs.join(", ")
                ),
                "examples": langs,
            }),
        );
    }
    if let Some(root) = schema.as_object_mut() {
        root.insert("title".into(), "A resume, as cloud-resume reads it (JSON Resume 1.0)".into());
    }
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// The first document of a YAML text as JSON (as an editor's schema check reads it), if it
/// parses.
pub fn yaml_to_json(text: &str) -> Option<serde_json::Value> {
    let docs = yaml_rust2::YamlLoader::load_from_str(text).ok()?;
    Some(yaml::json_of(docs.first()?))
}

/// What kind of file a starter or an import is written as: YAML, unless the name ends in `.json`.
pub fn is_json(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// The starter resume for `path`: YAML with a comment on each field, or JSON for a `.json` name
/// (JSON has no comments: the same fields and values).
pub fn starter(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "resume.yaml".into());
    let text = STARTER_YAML.replace("{file}", &name);
    if !is_json(path) {
        return text;
    }
    yaml::json_text_of(&text).unwrap_or_default()
}

/// Writes `text` to `path`, never over a file that exists (nor through a link).
pub fn write_new(path: &Path, text: &str) -> Result<(), WriteError> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            WriteError::Exists { path: path.to_owned(), hint: "choose another name, or move it away first" }
        } else {
            WriteError::Io { path: path.to_owned(), source }
        }
    })?;
    file.write_all(text.as_bytes()).map_err(|source| WriteError::Io { path: path.to_owned(), source })
}

/// The schema file beside `resume`, for the starter's `$schema` to point at: written when there
/// is none (an existing one is left alone); whether it was written.
pub fn write_schema_beside(resume: &Path) -> Result<Option<PathBuf>, WriteError> {
    let dir = resume.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let path = dir.join(SCHEMA_FILE);
    match write_new(&path, &schema()) {
        Ok(()) => Ok(Some(path)),
        Err(WriteError::Exists { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}
