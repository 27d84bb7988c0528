//! JSON Resume in, a static site out.
//!
//! [`read`] reads a resume file (JSON or JSON with comments, or YAML for `.yaml`/`.yml`) as
//! people write it, and refuses only a file that no parser reads. What the JSON Resume schema
//! does not say but clearly means (empty strings, "Present", "August 2021", `07/2025`, other
//! names for sections and fields, …) is read by the rules in `lenient`; what the schema (shipped
//! in `schema/`) or the calendar still refuses is read as a person reads it, shown as written, or
//! left out, by `salvage`. Each is a warning (an error when strict), all at once, each with its
//! JSON path, line and column. Markup in texts (HTML, Markdown) is rendered through `markup`'s
//! sanitiser, and read as plain words for the text version. [`Resume`] is the v1.0.0 model. [`render`] turns a resume into a [`Site`] — the
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
mod icons;
mod lang;
mod lenient;
mod markup;
mod model;
pub mod pdf;
mod photo;
mod render;
mod reshape;
mod salvage;
pub mod serving;
mod theme;
mod validate;
mod yaml;

pub use build::{BuildError, Built, Sources, build, warnings_text};
pub use lang::{LANGS, Lang, Words};
pub use model::*;
pub use photo::{MAX_PHOTO_BYTES, Photo};
pub use render::{BUILD_MARKER, Extras, RenderError, Site, SiteFile, render, render_on, render_print, render_with};
pub use theme::{
    DEFAULT_THEME, THEME_FILES, THEME_SETTINGS, THEMES, Theme, ThemeArg, ThemeInfo, theme_list, theme_named,
};
pub use validate::{
    Format, LoadError, Loaded, MAX_RESUME_BYTES, ParseError, Problem, SCHEMA, load, parse, parse_as, parse_with, read,
};
