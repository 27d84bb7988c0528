//! A resume, read as people write it: the JSON Resume model, the reading rules, YAML, the
//! schema check, and the languages a resume is shown in.
//!
//! [`read`] reads a resume file (JSON or JSON with comments, or YAML for `.yaml`/`.yml`) and
//! refuses only a file that no parser reads. What the JSON Resume schema does not say but
//! clearly means (empty strings, "Present", "August 2021", `07/2025`, other names for sections
//! and fields, …) is read by the rules in `lenient` and `reshape`; what the schema (shipped in
//! `schema/`) or the calendar still refuses is read as a person reads it, shown as written, or
//! left out, by `salvage`. Each is a [`Problem`] with its JSON path, line and column: a warning,
//! or an error when strict. [`Resume`] is the v1.0.0 model.
//!
//! What every renderer needs of a resume besides its fields lives here too, so that renderers
//! need nothing of each other: [`Lang`] (the words, months, countries and lengths of time of the
//! page's language), [`markup`] (a text's Markdown or HTML through a sanitiser, and its plain
//! words) and [`text`] (dates as labels, which addresses may be links, the plain copy).
//!
//! This crate renders nothing: the HTML renderer (`site`) and the PDF renderer (`print`) read
//! from it, and it knows neither of them, nor HTTP, the counter or AWS.

#![warn(missing_docs)]

mod cldr;
mod editions;
mod lang;
mod langmap;
mod lenient;
pub mod markup;
mod model;
mod photo;
mod reshape;
mod salvage;
pub mod text;
mod validate;
mod yaml;

use std::path::{Path, PathBuf};

pub use editions::{Edition, Editions, LanguageChoice, is_sibling, read_editions, siblings};
pub use lang::{LANGS, Lang, Phrases, Words, native_name};
pub use model::*;
pub use photo::{MAX_PHOTO_BYTES, Photo};
pub use validate::{
    Format, LoadError, Loaded, MAX_RESUME_BYTES, ParseError, Problem, SCHEMA, load, parse, parse_as, parse_with, read,
};

impl Problem {
    /// `file:line:col: path: sentence`.
    pub fn placed(&self, file: &Path) -> String {
        format!("{}:{}:{}: {}: {}", file.display(), self.line, self.column, self.path, self.message)
    }
}

/// The readings beyond the schema as `warning:` lines with their places, and for each file a
/// closing line that counts them and says `--strict` refuses them; empty for none.
pub fn warnings_text(warnings: &[(PathBuf, Problem)]) -> String {
    let mut out = String::new();
    let mut files: Vec<&PathBuf> = Vec::new();
    for (file, w) in warnings {
        out.push_str(&format!("warning: {}\n", w.placed(file)));
        if !files.contains(&file) {
            files.push(file);
        }
    }
    for file in files {
        let n = warnings.iter().filter(|(f, _)| f == file).count();
        out.push_str(&format!(
            "warning: {} was read with {n} reading{} beyond the JSON Resume schema (above); --strict refuses {}\n",
            file.display(),
            if n == 1 { "" } else { "s" },
            if n == 1 { "it" } else { "them" }
        ));
    }
    out
}
