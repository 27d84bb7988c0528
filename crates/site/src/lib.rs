//! JSON Resume in, a static site out.
//!
//! [`load`] reads a resume file and checks it against the JSON Resume schema (shipped in
//! `schema/`) and the calendar, reporting every problem at once with its JSON path, line and
//! column. [`Resume`] is the v1.0.0 model. [`render`] turns a resume into a [`Site`] — the
//! page, `stats.html`, content-hashed CSS and JS, a favicon, `robots.txt` and `404.html` — that
//! [`Site::write_to`] writes out. Templates and assets are embedded; a [`Theme`] folder may
//! override them.
//!
//! This crate knows nothing of HTTP, of the counter or of AWS: the pages it renders talk to
//! `/api/visits` from the browser.

mod model;
mod render;
mod validate;

pub use model::*;
pub use render::{RenderError, Site, SiteFile, Theme, render};
pub use validate::{LoadError, ParseError, Problem, SCHEMA, load, parse};
