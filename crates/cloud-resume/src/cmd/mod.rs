use std::path::Path;

pub mod build;
pub mod check;
pub mod pdf;
pub mod serve;

/// Invalid input (a resume or theme that cannot be read, parsed or rendered) exits with 2,
/// every other failure with 1.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    let invalid_input = err.chain().any(|cause| {
        cause.downcast_ref::<site::LoadError>().is_some()
            || matches!(
                cause.downcast_ref::<site::RenderError>(),
                Some(
                    site::RenderError::Template { .. }
                        | site::RenderError::Theme { .. }
                        | site::RenderError::EmptyTheme { .. }
                )
            )
    });
    if invalid_input { 2 } else { 1 }
}

/// Loads, checks and renders the resume with the built-in theme or the one in `theme`.
pub fn render_resume(resume: &Path, theme: Option<&Path>) -> anyhow::Result<site::Site> {
    let resume = site::load(resume)?;
    let theme = match theme {
        Some(dir) => site::Theme::from_dir(dir)?,
        None => site::Theme::builtin(),
    };
    Ok(site::render(&resume, &theme)?)
}
