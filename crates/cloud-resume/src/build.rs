//! `build` and `check`: the site's files (and, with `--pdf`, the resume typeset by Typst), or
//! only the resume's reading.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use print::cli::PdfArgs;
use site::cli::{ReadingArgs, SourceArgs};

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    source: SourceArgs,

    /// The folder to write the site into: created if missing; an earlier build there is
    /// replaced, any other non-empty folder is refused.
    #[arg(long, default_value = "dist")]
    out: PathBuf,

    #[command(flatten)]
    print: PdfArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The JSON Resume file to check (JSON, or YAML for .yaml and .yml).
    #[arg(default_value = "examples/resume.json")]
    file: PathBuf,

    #[command(flatten)]
    reading: ReadingArgs,

    /// Also render the site with this theme (a built-in one by name, or a folder), over the
    /// resume's meta.theme, so that a theme folder's templates are checked too.
    #[arg(long, value_parser = theme::ThemeArg::parse)]
    theme: Option<theme::ThemeArg>,
}

/// Writes the site; with `--pdf`, typesets the resume (in-process, with Typst) and holds the
/// page count to `--max-pages`.
pub fn build(args: BuildArgs) -> anyhow::Result<()> {
    let mut sources = args.source.sources();
    sources.extras.pdf = args.print.pdf;
    let built = site::cli::build_reporting(&sources)?;
    // Typeset before anything is written: a resume that cannot be printed leaves no half-made build.
    let printed = if args.print.pdf { server::pdf::typeset(&built, &args.print)? } else { Vec::new() };
    built.site.write_build(&args.out)?;
    eprintln!("Wrote {} files to {}", built.site.files.len(), args.out.display());
    let mut too_long = Vec::new();
    for printed in printed {
        let pdf = args.out.join(&printed.path);
        std::fs::write(&pdf, &printed.typeset.pdf).with_context(|| format!("writing {}", pdf.display()))?;
        let pages = printed.typeset.pages;
        let paper = printed.paper.name();
        eprintln!("Wrote {} ({paper}, {pages} page{})", pdf.display(), if pages == 1 { "" } else { "s" });
        if let Some(max) = args.print.max_pages.filter(|&max| pages > max as usize) {
            let strict = args.source.reading.strict;
            let says = if strict { "error" } else { "warning" };
            eprintln!(
                "{says}: {} runs to {pages} pages, past --max-pages {max} even with its type and spacing at {:.0} %; shorten the resume",
                pdf.display(),
                printed.typeset.scale * 100.0
            );
            too_long.push(max);
        }
    }
    if let (true, Some(max)) = (args.source.reading.strict, too_long.first()) {
        bail!("the PDF runs past --max-pages {max} (--strict)");
    }
    Ok(())
}

/// Errors (exit 2) and warnings apart: a resume with only warnings is valid, and exits 0.
pub fn check(args: CheckArgs) -> anyhow::Result<()> {
    let warnings = match args.theme {
        None => site::cli::check(&args.file, args.reading)?,
        Some(theme) => {
            let sources =
                site::Sources { theme: Some(theme), strict: args.reading.strict, ..site::Sources::of(&args.file) };
            let built = site::cli::build_reporting(&sources)?;
            eprintln!("{} renders with the theme {}", args.file.display(), built.theme);
            built.warnings.len()
        }
    };
    match warnings {
        0 => println!("{} is a valid JSON Resume", args.file.display()),
        n => println!(
            "{} reads as a resume, with {n} reading{} beyond the JSON Resume schema (warnings above)",
            args.file.display(),
            if n == 1 { "" } else { "s" }
        ),
    }
    Ok(())
}

/// `themes`: each built-in theme with a line on how it looks.
pub fn themes() {
    let width = theme::THEMES.iter().map(|t| t.name.len()).max().unwrap_or(0);
    for theme in theme::THEMES {
        println!("{:width$}  {}", theme.name, theme.about);
    }
    println!();
    println!("Choose one with --theme NAME (build, serve, check, deploy site) or the resume's meta.theme;");
    println!("--theme DIR takes a folder whose files replace a theme's (theme.json: {{\"extends\": \"serif\"}}).");
}
