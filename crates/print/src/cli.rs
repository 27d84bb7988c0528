//! The command-line arguments of the PDF (`build --pdf`, `serve --pdf`). Built with the `cli`
//! feature.

use clap::Args;

use crate::Paper;

/// `build --pdf` and `serve --pdf`, and what the PDF is printed on.
#[derive(Debug, Clone, Copy, Args)]
pub struct PdfArgs {
    /// Also typeset the resume to resume.pdf (in-process, with Typst, in the theme's print
    /// design); the page then links to it. serve typesets it at the start, and with --watch again
    /// after each change.
    #[arg(long, env = "CLOUD_RESUME_PDF")]
    pub pdf: bool,

    /// The PDF's paper. Default: letter where the resume's meta.lang names a region that prints
    /// on it (en-US, es-MX, fr-CA, …), else a4.
    #[arg(long, env = "CLOUD_RESUME_PAPER", value_enum, requires = "pdf")]
    pub paper: Option<Paper>,

    /// Warn when the PDF runs past this many pages (an error with --strict).
    #[arg(long, env = "CLOUD_RESUME_MAX_PAGES", requires = "pdf", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub max_pages: Option<u32>,
}

impl PdfArgs {
    /// The paper: the one `--paper` names, else the one of the resume's region (`meta.lang`).
    pub fn paper_for(&self, resume: &resume::Resume) -> Paper {
        self.paper.unwrap_or_else(|| Paper::for_language_tag(resume.language_tag()))
    }
}
