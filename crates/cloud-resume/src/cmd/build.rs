use anyhow::Context;

use crate::cli::BuildArgs;

pub fn run(args: BuildArgs) -> anyhow::Result<()> {
    let site = super::render_resume(&args.resume)?;
    site.write_to(&args.out).with_context(|| format!("writing the site into {}", args.out.display()))?;
    eprintln!("Wrote {} files to {}", site.files.len(), args.out.display());
    Ok(())
}
