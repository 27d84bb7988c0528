use std::path::Path;

use anyhow::{Context, bail};

use crate::cli::BuildArgs;

/// Marks a folder as written by `build`, so that the next build may replace it.
const MARKER: &str = ".cloud-resume-build";

pub fn run(args: BuildArgs) -> anyhow::Result<()> {
    let site = super::render_resume(&args.resume, args.theme.as_deref(), args.strict, args.lang)?;
    let chromium = if args.pdf { Some(super::pdf::find_chromium()?) } else { None };
    prepare_out_dir(&args.out)?;
    site.write_to(&args.out).with_context(|| format!("writing the site into {}", args.out.display()))?;
    std::fs::write(args.out.join(MARKER), "written by cloud-resume build; the next build replaces this folder\n")
        .with_context(|| format!("writing {}", args.out.join(MARKER).display()))?;
    eprintln!("Wrote {} files to {}", site.files.len(), args.out.display());
    if let Some(chromium) = chromium {
        let pdf = args.out.join("resume.pdf");
        super::pdf::print(&chromium, &args.out, &pdf)?;
        eprintln!("Wrote {}", pdf.display());
    }
    Ok(())
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
