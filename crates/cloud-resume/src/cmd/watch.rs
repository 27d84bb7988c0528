//! `serve --watch`: renders the site again whenever the resume, a picture beside it or a file of
//! the theme changes (file events, debounced: editors save in several steps), and hands each
//! rendering, or why there is none, to the live site.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use server::{Live, Rendered};

/// How long the folder must be quiet before a change is rendered.
const QUIET: Duration = Duration::from_millis(100);

/// What a rendering is made of.
#[derive(Clone)]
pub struct Inputs {
    pub resume: PathBuf,
    pub theme: Option<PathBuf>,
    pub strict: bool,
    pub lang: Option<site::Lang>,
}

impl Inputs {
    /// The resume read and rendered, or why not; warnings and problems also go to stderr.
    pub fn render(&self) -> Rendered {
        let read = site::read(&self.resume, self.strict).map_err(anyhow::Error::from);
        let rendered = read.and_then(|loaded| {
            let mut resume = loaded.resume;
            resume.lang = self.lang.or(resume.lang);
            let theme = match &self.theme {
                Some(dir) => site::Theme::from_dir(dir)?,
                None => site::Theme::builtin(),
            };
            Ok((site::render(&resume, &theme)?, loaded.warnings))
        });
        match rendered {
            Ok((site, warnings)) => {
                eprint!("{}", super::warnings(&self.resume, &warnings));
                Rendered::Site { site, warnings: super::placed(&self.resume, &warnings) }
            }
            Err(err) => {
                let (title, problems) = self.problems(&err);
                eprintln!("error: {title}:");
                problems.iter().for_each(|p| eprintln!("  {p}"));
                Rendered::Broken { title, problems }
            }
        }
    }

    /// A title and one line per problem, from a failed reading.
    fn problems(&self, err: &anyhow::Error) -> (String, Vec<String>) {
        let invalid = err.chain().find_map(|cause| match cause.downcast_ref::<site::LoadError>() {
            Some(site::LoadError::Invalid { path, problems, .. }) => Some((path, problems)),
            _ => None,
        });
        match invalid {
            Some((path, problems)) => {
                (format!("{} is not a valid JSON Resume", path.display()), super::placed(path, problems))
            }
            None => {
                let causes: Vec<String> = err.chain().map(ToString::to_string).collect();
                (format!("{} does not read", self.resume.display()), vec![causes.join(": ")])
            }
        }
    }

    /// Whether a change of `path` can change the site.
    fn concerns(&self, path: &Path, resume: &Path, folder: &Path, theme: Option<&Path>) -> bool {
        const PICTURES: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "avif"];
        let picture_beside = path.parent() == Some(folder)
            && path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| PICTURES.contains(&e.to_ascii_lowercase().as_str()));
        path == resume || picture_beside || theme.is_some_and(|t| path.starts_with(t))
    }
}

/// Watches the inputs and publishes each new rendering to `live` until the returned watcher is
/// dropped.
pub fn spawn(inputs: Inputs, live: Arc<Live>) -> anyhow::Result<Debouncer<RecommendedWatcher, RecommendedCache>> {
    let resume = std::path::absolute(&inputs.resume).context("resolving the resume's path")?;
    let folder = resume.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("/"));
    let theme = inputs.theme.as_deref().map(std::path::absolute).transpose().context("resolving the theme's path")?;
    let (tx, rx) = std::sync::mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(QUIET, None, tx).context("starting the file watcher")?;
    // The folder, not the file: editors replace a file by renaming another onto it.
    debouncer.watch(&folder, RecursiveMode::NonRecursive).with_context(|| format!("watching {}", folder.display()))?;
    if let Some(theme) = &theme {
        debouncer.watch(theme, RecursiveMode::Recursive).with_context(|| format!("watching {}", theme.display()))?;
    }
    std::thread::spawn(move || {
        for events in rx.into_iter().flatten() {
            // Reading a file is an event too, and so is its access time changing (rendering
            // reads the resume): only changes of content and names count.
            let changed = events
                .iter()
                .filter(|e| !e.kind.is_access() && !e.kind.is_other())
                .filter(|e| !matches!(e.kind, EventKind::Modify(ModifyKind::Metadata(_))))
                .flat_map(|e| e.paths.iter())
                .any(|path| inputs.concerns(path, &resume, &folder, theme.as_deref()));
            if changed {
                eprintln!("{} changed: rendering again", inputs.resume.display());
                live.publish(inputs.render());
            }
        }
    });
    Ok(debouncer)
}
