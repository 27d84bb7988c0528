//! One resume file to one site, as `build`, `serve` (and `serve --watch`) and `deploy site` all
//! do it: read by the reading rules, in the page's language, with the built-in theme or a
//! theme folder, rendered.

use std::path::PathBuf;

use resume::{Edition, Lang, LanguageChoice, LoadError, Problem, Resume};
use theme::{Theme, ThemeArg};

use crate::{Extras, RenderError, Site};

/// What a site is made from.
#[derive(Debug, Clone)]
pub struct Sources {
    /// The resume file (JSON, or YAML for `.yaml` and `.yml`): the default language's, when
    /// there are several.
    pub resume: PathBuf,
    /// The same resume in other languages, one file each (`--resume` given again); none means
    /// the sibling files beside `resume` (`resume.de.json`, `resume-fr.yaml`) are looked for.
    pub translations: Vec<PathBuf>,
    /// The languages to build, in this order, the first the default (`--langs`); none for all.
    pub langs: Vec<String>,
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

impl Sources {
    /// A site made of one resume file (and its siblings), as read by default.
    pub fn of(resume: impl Into<PathBuf>) -> Self {
        Sources {
            resume: resume.into(),
            translations: Vec::new(),
            langs: Vec::new(),
            theme: None,
            strict: false,
            lang: None,
            extras: Extras::default(),
        }
    }

    /// Every file a site is made from now: the resume's, each language's, a theme folder's
    /// aside. (What `serve --watch` watches.)
    pub fn files(&self) -> Vec<PathBuf> {
        let mut files = vec![self.resume.clone()];
        files.extend(self.translations.iter().cloned());
        if self.translations.is_empty() {
            files.extend(resume::siblings(&self.resume).into_iter().map(|(_, f)| f));
        }
        files
    }
}

/// A site, with the resume it was made from and what the reading rules read in it.
#[derive(Debug)]
pub struct Built {
    /// The rendered site.
    pub site: Site,
    /// The resume as read, in its default language.
    pub resume: Resume,
    /// Every language of it, the default first (one, for a resume in one language).
    pub editions: Vec<Edition>,
    /// Each reading beyond the schema, with the file it was made in.
    pub warnings: Vec<(PathBuf, Problem)>,
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

/// Reads the resume (every language of it), loads the theme and renders the site, as on today's
/// date.
pub fn build(sources: &Sources) -> Result<Built, BuildError> {
    let mut files = vec![sources.resume.clone()];
    files.extend(sources.translations.iter().cloned());
    let choice = LanguageChoice {
        lang: sources.lang.map(|l| l.tag().to_owned()),
        langs: sources.langs.clone(),
        siblings: sources.translations.is_empty(),
    };
    let read = resume::read_editions(&files, sources.strict, &choice)?;
    let mut editions = read.editions;
    // --lang names the page's words for a resume in one language (over its meta.lang).
    if let [only] = editions.as_mut_slice() {
        only.resume.lang = sources.lang.or(only.resume.lang);
    }
    let default = &editions[0].resume;
    let theme = match &sources.theme {
        Some(arg) => Theme::load(arg).map_err(RenderError::from)?,
        None => default.meta_theme().and_then(Theme::named).unwrap_or_default(),
    };
    let today = time::OffsetDateTime::now_utc().date();
    let site = crate::render_editions(&editions, &theme, today, sources.extras)?;
    Ok(Built {
        site,
        resume: editions[0].resume.clone(),
        editions,
        warnings: read.warnings,
        theme: theme.name(),
        theme_files: theme,
    })
}

/// The warnings as `file:line:col: path: sentence` lines.
pub fn placed(warnings: &[(PathBuf, Problem)]) -> Vec<String> {
    warnings.iter().map(|(file, w)| w.placed(file)).collect()
}
