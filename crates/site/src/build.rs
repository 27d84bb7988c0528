//! One resume file to one site, as `build`, `serve` (and `serve --watch`) and `deploy site` all
//! do it: read by the reading rules, in the page's language, with the built-in theme or a
//! theme folder, rendered.

use std::path::PathBuf;

use resume::{Lang, LoadError, Problem, Resume};
use theme::{Theme, ThemeArg};

use crate::{Extras, RenderError, Site};

/// What a site is made from.
#[derive(Debug, Clone)]
pub struct Sources {
    /// The resume file (JSON, or YAML for `.yaml` and `.yml`).
    pub resume: PathBuf,
    /// The theme `--theme` gives (a built-in one, or a folder), over the resume's `meta.theme`;
    /// with neither, the default theme.
    pub theme: Option<ThemeArg>,
    /// The schema to the letter: each reading is an error.
    pub strict: bool,
    /// The page's language, over the resume's own `meta.lang`.
    pub lang: Option<Lang>,
    /// Files the site will also hold, for the page to link to.
    pub extras: Extras,
}

/// A site, with the resume it was made from and what the reading rules read in it.
#[derive(Debug)]
pub struct Built {
    /// The rendered site.
    pub site: Site,
    /// The resume as read.
    pub resume: Resume,
    /// Each reading beyond the schema.
    pub warnings: Vec<Problem>,
    /// The built-in theme it was rendered with (or whose files a theme folder replaced).
    pub theme: &'static str,
    /// That theme's files (a folder's over a built-in one's): what the PDF is rendered from too.
    pub theme_files: Theme,
}

/// Why no site was made.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The resume did not read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The theme did not load, or a template did not render.
    #[error(transparent)]
    Render(#[from] RenderError),
}

impl BuildError {
    /// Whether the input is at fault (the resume, or the theme), not the machine.
    pub fn is_invalid_input(&self) -> bool {
        match self {
            BuildError::Load(_) => true,
            BuildError::Render(e) => !matches!(e, RenderError::Write { .. } | RenderError::NotABuild { .. }),
        }
    }

    /// A title and one line per problem (`file:line:col: path: sentence`), to show.
    pub fn problems(&self) -> (String, Vec<String>) {
        match self {
            BuildError::Load(LoadError::Invalid { path, problems, .. }) => (
                format!("{} is not a valid JSON Resume", path.display()),
                problems.iter().map(|p| p.placed(path)).collect(),
            ),
            BuildError::Load(e) => ("The resume does not read".into(), vec![e.to_string()]),
            BuildError::Render(e) => ("The theme does not render".into(), vec![e.to_string()]),
        }
    }
}

/// Reads the resume, loads the theme and renders the site, as on today's date.
pub fn build(sources: &Sources) -> Result<Built, BuildError> {
    let loaded = resume::read(&sources.resume, sources.strict)?;
    let mut resume = loaded.resume;
    resume.lang = sources.lang.or(resume.lang);
    let theme = match &sources.theme {
        Some(arg) => Theme::load(arg).map_err(RenderError::from)?,
        None => resume.meta_theme().and_then(Theme::named).unwrap_or_default(),
    };
    let today = time::OffsetDateTime::now_utc().date();
    let site = crate::render_with(&resume, &theme, today, sources.extras)?;
    Ok(Built { site, resume, warnings: loaded.warnings, theme: theme.name(), theme_files: theme })
}
