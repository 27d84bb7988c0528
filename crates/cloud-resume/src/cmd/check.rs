use crate::cli::CheckArgs;

pub fn run(args: CheckArgs) -> anyhow::Result<()> {
    site::load(&args.file)?;
    println!("{} is a valid JSON Resume", args.file.display());
    Ok(())
}
