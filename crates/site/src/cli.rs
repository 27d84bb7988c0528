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
    /// The JSON Resume file to render (JSON, or YAML for .yaml and .yml). Its sibling files in
    /// other languages (resume.de.json, resume-pt-BR.yaml) are found by themselves; given more
    /// than once, these files are the languages instead, the first the default.
    #[arg(long = "resume", env = "CLOUD_RESUME_RESUME", default_value = "examples/resume.json", action = clap::ArgAction::Append)]
    pub resumes: Vec<PathBuf>,

    /// The languages to build, in this order, the first at / (de,en): of a resume written in
    /// several (language maps, or sibling files). Default: all, the resume's own first.
    #[arg(long, env = "CLOUD_RESUME_LANGS", value_delimiter = ',')]
    pub langs: Vec<String>,

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
    /// pt, ru, zh, ja, ko). Default: the resume's own meta.lang, else en. Of a resume in several
    /// languages that does not say its own, the one at /.
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
    /// The resume file (the first, when several are given).
    pub fn resume(&self) -> &Path {
        self.resumes.first().map_or(Path::new("examples/resume.json"), PathBuf::as_path)
    }

    /// What the site is made from.
    pub fn sources(&self) -> Sources {
        Sources {
            resume: self.resume().to_owned(),
            translations: self.resumes.iter().skip(1).cloned().collect(),
            langs: self.langs.clone(),
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
    eprint!("{}", resume::warnings_text(&built.warnings));
    if built.editions.len() > 1 {
        eprintln!("{}", languages_line(&built.editions));
    }
    Ok(built)
}

/// "Languages: en (examples/resume.json, at /), de (examples/resume.de.json, at /de/)".
pub fn languages_line(editions: &[resume::Edition]) -> String {
    let each: Vec<String> = editions
        .iter()
        .enumerate()
        .map(|(i, e)| format!("{} ({}, at /{})", e.tag, e.file.display(), e.folder(i == 0)))
        .collect();
    format!("Languages: {}", each.join(", "))
}

/// Reads `file` (with its sibling files in other languages) as `check` does: the warnings to
/// stderr, each at its file, and the languages read; an error for a resume that does not read;
/// how many warnings there were.
pub fn check(file: &Path, reading: ReadingArgs) -> Result<usize, resume::LoadError> {
    let choice = resume::LanguageChoice { siblings: true, ..Default::default() };
    let read = resume::read_editions(&[file.to_owned()], reading.strict, &choice)?;
    eprint!("{}", resume::warnings_text(&read.warnings));
    if read.editions.len() > 1 {
        eprintln!("{}", languages_line(&read.editions));
    }
    Ok(read.warnings.len())
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
