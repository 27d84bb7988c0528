//! The command-line arguments that say what a site is made from, shared by every command that
//! makes one (`serve`, `build`, `deploy site`), and how such a command reports what it read.
//! Built with the `cli` feature.

use std::path::{Path, PathBuf};

use clap::Args;

use resume::Lang;
use theme::ThemeArg;

use crate::{BuildError, Built, Extras, Sources};

/// Which resume, which theme, how strictly it is read and in which language the page is.
#[derive(Debug, Clone, Args)]
pub struct SourceArgs {
    /// The JSON Resume file to render (JSON, or YAML for .yaml and .yml).
    #[arg(long, env = "CLOUD_RESUME_RESUME", default_value = "examples/resume.json")]
    pub resume: PathBuf,

    /// A built-in theme by name (column, margin, sidebar, serif: `cloud-resume themes`), over
    /// the resume's meta.theme; or a folder whose base.html, index.html, parts.html, stats.html,
    /// 404.html, resume.txt, site.css, or the PDF's resume.typ and print.typ, replace a built-in
    /// theme's (the default one, or the one its theme.json names: {"extends": "serif"}).
    #[arg(long, env = "CLOUD_RESUME_THEME", value_parser = ThemeArg::parse)]
    pub theme: Option<ThemeArg>,

    /// How strictly it is read.
    #[command(flatten)]
    pub reading: ReadingArgs,

    /// The page's language: <html lang>, the theme's words and how dates read (en, de, fr, es,
    /// pt, ru, zh, ja, ko). Default: the resume's own meta.lang, else en.
    #[arg(long, env = "CLOUD_RESUME_LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,
}

/// How a resume is read.
#[derive(Debug, Clone, Copy, Args)]
pub struct ReadingArgs {
    /// Read the resume by the JSON Resume schema to the letter: what the reading rules would
    /// read with a warning (an empty field, "Present", `07/2025`, an old field name, …) is an
    /// error instead.
    #[arg(long, env = "CLOUD_RESUME_STRICT")]
    pub strict: bool,
}

impl SourceArgs {
    /// What the site is made from.
    pub fn sources(&self) -> Sources {
        Sources {
            resume: self.resume.clone(),
            theme: self.theme.clone(),
            strict: self.reading.strict,
            lang: self.lang,
            extras: Extras::default(),
        }
    }
}

/// Builds the site as a command does: each reading beyond the schema goes to stderr as a
/// warning with its place (with `strict` it is an error, and no site is made).
pub fn build_reporting(sources: &Sources) -> Result<Built, BuildError> {
    let built = crate::build(sources)?;
    eprint!("{}", resume::warnings_text(&sources.resume, &built.warnings));
    Ok(built)
}

/// Reads `file` as `check` does: the warnings to stderr, an error for a resume that does not
/// read; how many warnings there were.
pub fn check(file: &Path, reading: ReadingArgs) -> Result<usize, resume::LoadError> {
    let loaded = resume::read(file, reading.strict)?;
    eprint!("{}", resume::warnings_text(file, &loaded.warnings));
    Ok(loaded.warnings.len())
}

/// A language of the built-in theme, by its tag (`de`, `pt-BR`, …).
pub fn parse_lang(tag: &str) -> Result<Lang, String> {
    Lang::from_tag(tag).ok_or_else(|| {
        let known: Vec<&str> = resume::LANGS.iter().map(|l| l.tag()).collect();
        format!("the theme speaks {}; {tag:?} is not one of them", known.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_by_tag() {
        assert_eq!(parse_lang("pt-BR").unwrap(), Lang::Pt);
        let err = parse_lang("tlh").unwrap_err();
        assert!(err.contains("en, de") && err.contains("\"tlh\""), "{err}");
    }
}
