use std::path::Path;

pub mod build;
pub mod check;
#[cfg(feature = "aws")]
pub mod deploy;
pub mod serve;
#[cfg(feature = "aws")]
pub mod table;
pub mod watch;

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

/// Loads, checks and renders the resume with the built-in theme or the one in `theme`; what the
/// reading rules read goes to stderr as warnings (errors with `strict`).
pub fn render_resume(
    resume: &Path,
    theme: Option<&Path>,
    strict: bool,
    lang: Option<site::Lang>,
) -> anyhow::Result<site::Site> {
    Ok(render_with(resume, theme, strict, lang, site::Extras::default())?.0)
}

/// As [`render_resume`], linking to `extras`; also gives back the resume as read.
pub fn render_with(
    resume: &Path,
    theme: Option<&Path>,
    strict: bool,
    lang: Option<site::Lang>,
    extras: site::Extras,
) -> anyhow::Result<(site::Site, site::Resume)> {
    let loaded = site::read(resume, strict)?;
    eprint!("{}", warnings(resume, &loaded.warnings));
    let mut resume = loaded.resume;
    resume.lang = lang.or(resume.lang);
    let theme = match theme {
        Some(dir) => site::Theme::from_dir(dir)?,
        None => site::Theme::builtin(),
    };
    let today = time::OffsetDateTime::now_utc().date();
    let site = site::render_with(&resume, &theme, today, extras)?;
    Ok((site, resume))
}

/// `file:line:col: path: sentence` for each problem or reading.
pub fn placed(file: &Path, problems: &[site::Problem]) -> Vec<String> {
    problems.iter().map(|p| format!("{}:{}:{}: {}: {}", file.display(), p.line, p.column, p.path, p.message)).collect()
}

/// One line per reading beyond the schema, with its place and what to write instead.
pub fn warnings(file: &Path, warnings: &[site::Problem]) -> String {
    let mut out = String::new();
    for line in placed(file, warnings) {
        out.push_str(&format!("warning: {line}\n"));
    }
    if !warnings.is_empty() {
        let n = warnings.len();
        out.push_str(&format!(
            "warning: {} was read with {n} reading{} beyond the JSON Resume schema (above); --strict refuses {}\n",
            file.display(),
            if n == 1 { "" } else { "s" },
            if n == 1 { "it" } else { "them" }
        ));
    }
    out
}

/// What the AWS commands answer in a build without them; `deploy site` still renders first, so
/// that a resume's problems show wherever it runs.
#[cfg(not(feature = "aws"))]
pub fn without_aws(command: &str) -> anyhow::Result<()> {
    anyhow::bail!(
        "this cloud-resume was built without the AWS commands, so it cannot run `{command}`; \
         build it with them: cargo build --release --features aws -p cloud-resume"
    )
}
