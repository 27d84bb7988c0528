use std::path::Path;

use anyhow::{Context, bail};

use site::pdf::Paper;

use crate::cli::BuildArgs;

/// Marks a folder as written by `build`, so that the next build may replace it.
const MARKER: &str = ".cloud-resume-build";

pub fn run(args: BuildArgs) -> anyhow::Result<()> {
    let mut sources = super::sources(&args.resume, args.theme.as_deref(), args.strict, args.lang);
    sources.extras.pdf = args.pdf;
    let site::Built { site, resume, .. } = super::build_site(&sources)?;
    let chromium = if args.pdf { Some(server::pdf::find_chromium()?) } else { None };
    prepare_out_dir(&args.out)?;
    site.write_to(&args.out).with_context(|| format!("writing the site into {}", args.out.display()))?;
    std::fs::write(args.out.join(MARKER), "written by cloud-resume build; the next build replaces this folder\n")
        .with_context(|| format!("writing {}", args.out.join(MARKER).display()))?;
    eprintln!("Wrote {} files to {}", site.files.len(), args.out.display());
    if let Some(chromium) = chromium {
        let paper = args.paper.map_or_else(|| Paper::for_language_tag(meta_lang(&resume)), Paper::from);
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
    }
    Ok(())
}

/// The resume's own `meta.lang`, as written (`en-US`): the default paper follows its region.
fn meta_lang(resume: &site::Resume) -> Option<&str> {
    resume.meta.as_ref()?.get("lang")?.as_str()
}

/// An earlier build is cleared (its hashed assets would otherwise pile up); an empty or new
/// folder is fine; anything else is left alone and refused.
fn prepare_out_dir(out: &Path) -> anyhow::Result<()> {
    if !out.exists() {
        return Ok(());
    }
    let mut entries = std::fs::read_dir(out).with_context(|| format!("reading {}", out.display()))?;
    if entries.next().is_none() {
        return Ok(());
    }
    if !out.join(MARKER).exists() {
        bail!(
            "{} is not empty and was not written by `cloud-resume build`; choose an empty or new folder for --out",
            out.display()
        );
    }
    std::fs::remove_dir_all(out).with_context(|| format!("clearing the earlier build in {}", out.display()))
}
