//! The resume typeset to PDF, as `build --pdf` writes it and `serve --pdf` serves it.

use print::Paper;
use print::cli::PdfArgs;

/// The resume of `built` typeset (in-process, with Typst) in its theme's print design, on the
/// paper `--paper` names or else its region's, as designed or as tight as `--max-pages` needs.
/// Typst's warnings go to stderr.
pub fn typeset(built: &site::Built, args: &PdfArgs) -> anyhow::Result<(print::Typeset, Paper)> {
    let paper = args.paper_for(&built.resume);
    let today = time::OffsetDateTime::now_utc().date();
    let max_pages = args.max_pages.map(|max| max as usize);
    let typeset = print::print(&built.resume, &built.theme_files, paper, max_pages, today)?;
    for warning in &typeset.warnings {
        eprintln!("warning: the PDF: {warning}");
    }
    Ok((typeset, paper))
}
