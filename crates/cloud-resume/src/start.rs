//! `new` and `import linkedin`: a resume file to start from, written where none is.

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The file to write: YAML, or JSON for a .json name.
    #[arg(default_value = "resume.yaml")]
    file: PathBuf,
}

#[derive(Debug, Args)]
pub struct LinkedinArgs {
    /// The export: the ZIP LinkedIn sent (the basic or the complete archive), or its folder.
    export: PathBuf,

    /// The resume to write: YAML, or JSON for a .json name.
    #[arg(long, default_value = "resume.yaml")]
    out: PathBuf,

    /// Write over --out if it exists.
    #[arg(long)]
    force: bool,
}

/// Writes the starter and the schema beside it, then says what to run next.
pub fn new(args: NewArgs) -> anyhow::Result<()> {
    intake::write_new(&args.file, &intake::starter(&args.file))?;
    println!("Wrote {}: replace each value with your own, and delete what you do not need.", args.file.display());
    if let Some(schema) = intake::write_schema_beside(&args.file)? {
        println!("Wrote {} for editors to check and complete it as you type.", schema.display());
    }
    next_steps(&args.file);
    Ok(())
}

/// Reads the export, writes the resume (never over a file without --force), and prints each
/// warning with its file, row and column.
pub fn linkedin(args: LinkedinArgs) -> anyhow::Result<()> {
    let imported = intake::linkedin::read(&args.export)?;
    let text = imported.text(intake::is_json(&args.out), &args.export);
    if args.force {
        std::fs::write(&args.out, text).map_err(|source| intake::WriteError::Io { path: args.out.clone(), source })?;
    } else {
        intake::write_new(&args.out, &text).map_err(|e| match e {
            intake::WriteError::Exists { path, .. } => {
                intake::WriteError::Exists { path, hint: "--force writes over it, or choose another --out" }
            }
            other => other,
        })?;
    }
    for w in &imported.warnings {
        eprintln!("warning: {}: {w}", args.export.display());
    }
    println!(
        "Wrote {} from {} ({}){}.",
        args.out.display(),
        args.export.display(),
        imported.files.join(", "),
        match imported.warnings.len() {
            0 => String::new(),
            n => format!(", with {n} warning{} above", if n == 1 { "" } else { "s" }),
        }
    );
    next_steps(&args.out);
    Ok(())
}

fn next_steps(file: &std::path::Path) {
    println!("Next:");
    println!("  cloud-resume serve --watch --open --resume {}   # see it as you edit", file.display());
    println!("  cloud-resume check {}                           # every problem, with its line", file.display());
}
