use crate::cli::CheckArgs;

/// Errors (exit 2) and warnings apart: a resume with only warnings is valid, and exits 0.
pub fn run(args: CheckArgs) -> anyhow::Result<()> {
    let loaded = site::read(&args.file, args.strict)?;
    eprint!("{}", super::warnings(&args.file, &loaded.warnings));
    println!("{} is a valid JSON Resume", args.file.display());
    Ok(())
}
