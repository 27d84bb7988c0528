//! JSON Resume in, a static site out.
//!
//! [`read`] reads a resume file (JSON, or YAML for `.yaml`/`.yml`) as people write it: what the JSON Resume schema does not say
//! but clearly means (empty strings, "Present", `07/2025`, pre-1.0 names, …) is read by the
//! rules in `lenient` and reported as a warning (an error when strict); then the schema
//! (shipped in `schema/`) and the calendar. Every warning and problem comes at once with its
//! JSON path, line and column. [`Resume`] is the v1.0.0 model. [`render`] turns a resume into a [`Site`] — the
//! page, `stats.html`, content-hashed CSS and JS, a favicon, `robots.txt` and `404.html` — that
//! [`Site::write_to`] writes out. Templates and assets are embedded; a [`Theme`] folder may
//! override them.
//!
//! This crate knows nothing of HTTP, of the counter or of AWS: the pages it renders talk to
//! `/api/visits` from the browser.

#![warn(missing_docs)]

mod build;
mod cldr;
#[cfg(feature = "cli")]
pub mod cli;
mod lang;
mod lenient;
mod model;
pub mod pdf;
mod photo;
mod render;
pub mod serving;
mod validate;
mod yaml;

pub use build::{BuildError, Built, Sources, build, warnings_text};
pub use lang::{LANGS, Lang, Words};
pub use model::*;
pub use photo::{MAX_PHOTO_BYTES, Photo};
pub use render::{BUILD_MARKER, Extras, RenderError, Site, SiteFile, Theme, render, render_on, render_with};
pub use validate::{
    Format, LoadError, Loaded, MAX_RESUME_BYTES, ParseError, Problem, SCHEMA, load, parse, parse_as, parse_with, read,
};
