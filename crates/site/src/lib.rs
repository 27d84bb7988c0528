//! JSON Resume in, a static site out.
//!
//! [`Resume`] is the JSON Resume v1.0.0 model; [`load`] reads one from a file with errors that
//! name the file, the line and the column. [`render`] turns a resume into a [`Site`]: the page,
//! its content-hashed CSS and JS, a favicon, `robots.txt` and `404.html`, which
//! [`Site::write_to`] writes out. Templates and assets are embedded in the binary.
//!
//! This crate knows nothing of HTTP, of the counter or of AWS: the page it renders talks to
//! `/api/visits` from the browser.

mod model;
mod render;

pub use model::{LoadError, Resume, load};
pub use render::{RenderError, Site, SiteFile, render};
