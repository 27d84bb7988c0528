pub mod build;
pub mod serve;

/// Invalid input (a resume that cannot be read or parsed) exits with 2, every other failure 1.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.chain().any(|cause| cause.downcast_ref::<site::LoadError>().is_some()) { 2 } else { 1 }
}

/// Loads and renders the resume, reporting the file by name on failure.
pub fn render_resume(path: &std::path::Path) -> anyhow::Result<site::Site> {
    use anyhow::Context;
    let resume = site::load(path)?;
    site::render(&resume).with_context(|| format!("rendering {}", path.display()))
}
