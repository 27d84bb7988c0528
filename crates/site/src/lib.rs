//! The HTML renderer: a resume (read by the `resume` crate) and a theme (the `theme` crate's
//! files) in, a static site out.
//!
//! [`render`] turns a resume into a [`Site`] — the page, `stats.html`, `resume.txt`,
//! content-hashed CSS and JS, a favicon, `robots.txt` and `404.html` — that [`Site::write_to`]
//! writes out. Texts with markup show rendered through `resume::markup`'s sanitiser; every other
//! string is escaped. [`build`] does what every command that makes a site does: read the file,
//! choose the theme, render.
//!
//! This crate knows nothing of HTTP, of the counter, of AWS or of the PDF renderer: the pages it
//! renders talk to `/api/visits` from the browser, and link to `resume.pdf` when told the site
//! will hold one.

#![warn(missing_docs)]

mod build;
#[cfg(feature = "cli")]
pub mod cli;
mod icons;
mod render;
pub mod serving;

pub use build::{BuildError, Built, Sources, build, placed};
pub use render::{BUILD_MARKER, Extras, RenderError, Site, SiteFile, render, render_editions, render_on, render_with};
