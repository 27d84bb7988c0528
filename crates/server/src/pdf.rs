//! The resume typeset to PDF, as `build --pdf` writes it and `serve --pdf` serves it: one for
//! each language, beside its page.

use print::Paper;
use print::cli::PdfArgs;

/// One language's PDF.
#[derive(Debug)]
pub struct Printed {
    /// Its path in the site: `resume.pdf`, `de/resume.pdf`.
    pub path: String,
    /// The PDF.
    pub typeset: print::Typeset,
    /// Its paper.
    pub paper: Paper,
}

/// Each language of the resume of `built` typeset (in-process, with Typst) in its theme's print
/// design, on the paper `--paper` names or else its region's, as designed or as tight as
/// `--max-pages` needs. Typst's warnings go to stderr.
pub fn typeset(built: &site::Built, args: &PdfArgs) -> anyhow::Result<Vec<Printed>> {
    let today = time::OffsetDateTime::now_utc().date();
    let max_pages = args.max_pages.map(|max| max as usize);
    let mut printed = Vec::new();
    for (i, edition) in built.editions.iter().enumerate() {
        let paper = args.paper_for(&edition.resume);
        let typeset = print::print(&edition.resume, &built.theme_files, paper, max_pages, today)?;
        for warning in &typeset.warnings {
            eprintln!("warning: the PDF: {warning}");
        }
        printed.push(Printed { path: format!("{}resume.pdf", edition.folder(i == 0)), typeset, paper });
    }
    Ok(printed)
}
