use anyhow::bail;
use site::pdf::Paper;

use crate::cli::BuildArgs;

pub fn run(args: BuildArgs) -> anyhow::Result<()> {
    let mut sources = super::sources(&args.resume, args.theme.as_deref(), args.strict, args.lang);
    sources.extras.pdf = args.pdf;
    let site::Built { site, resume, .. } = super::build_site(&sources)?;
    let chromium = if args.pdf { Some(server::pdf::find_chromium()?) } else { None };
    site.write_build(&args.out)?;
    eprintln!("Wrote {} files to {}", site.files.len(), args.out.display());
    let Some(chromium) = chromium else { return Ok(()) };
    // The paper of the resume's region (meta.lang) unless --paper says otherwise.
    let paper = args.paper.map_or_else(|| Paper::for_language_tag(resume.language_tag()), Paper::from);
    let pdf = args.out.join("resume.pdf");
    let pages = server::pdf::print(&chromium, &args.out, &pdf, paper)?;
    eprintln!("Wrote {} ({}, {} page{})", pdf.display(), paper.name(), pages, if pages == 1 { "" } else { "s" });
    if let Some(max) = args.max_pages.filter(|&max| pages > max as usize) {
        let says = if args.strict { "error" } else { "warning" };
        eprintln!("{says}: {} runs to {pages} pages, past --max-pages {max}; shorten the resume", pdf.display());
        if args.strict {
            bail!("the PDF runs past --max-pages {max} (--strict)");
        }
    }
    Ok(())
}
