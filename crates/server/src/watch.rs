//! `serve --watch`'s file watcher: file events, debounced (editors save in several steps), for a
//! resume, the pictures beside it and a theme folder; each change that can change the site calls
//! back. Reading a file is no change, so a callback that reads the files cannot call itself.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// How long the folder must be quiet before a change is told.
const QUIET: Duration = Duration::from_millis(100);

/// Pictures a resume may name beside it (`basics.image`).
const PICTURES: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "avif"];

/// Watching; dropping it stops the watch.
pub struct Watch {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

/// Calls `changed` (on a thread of its own) after each change to a resume file (the first of
/// `resumes`, its sibling files in other languages, or the others given), a picture beside the
/// first or any file under `theme`, once the files have been quiet for a moment.
pub fn watch(resumes: &[PathBuf], theme: Option<&Path>, changed: impl Fn() + Send + 'static) -> anyhow::Result<Watch> {
    let resumes = resumes
        .iter()
        .map(std::path::absolute)
        .collect::<Result<Vec<_>, _>>()
        .context("resolving the resume's path")?;
    let Some(resume) = resumes.first().cloned() else { anyhow::bail!("no resume file to watch") };
    let folder = resume.parent().map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
    let theme = theme.map(std::path::absolute).transpose().context("resolving the theme's path")?;
    let (tx, rx) = std::sync::mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(QUIET, None, tx).context("starting the file watcher")?;
    // The folders, not the files: editors replace a file by renaming another onto it.
    let mut folders: Vec<PathBuf> = resumes.iter().filter_map(|r| r.parent().map(Path::to_path_buf)).collect();
    folders.sort();
    folders.dedup();
    for folder in &folders {
        debouncer
            .watch(folder, RecursiveMode::NonRecursive)
            .with_context(|| format!("watching {}", folder.display()))?;
    }
    if let Some(theme) = &theme {
        debouncer.watch(theme, RecursiveMode::Recursive).with_context(|| format!("watching {}", theme.display()))?;
    }
    std::thread::spawn(move || {
        for events in rx.into_iter().flatten() {
            // Reading a file is an event too, and so is its access time changing: only changes
            // of content and names count.
            let relevant = events
                .iter()
                .filter(|e| !e.kind.is_access() && !e.kind.is_other())
                .filter(|e| !matches!(e.kind, EventKind::Modify(ModifyKind::Metadata(_))))
                .flat_map(|e| e.paths.iter())
                .any(|path| concerns(path, &resumes, &folder, theme.as_deref()));
            if relevant {
                changed();
            }
        }
    });
    Ok(Watch { _debouncer: debouncer })
}

/// Whether a change of `path` can change the site: one of the `resumes` (the first the
/// default), a sibling of the first in another language, a picture beside it, a theme file.
fn concerns(path: &Path, resumes: &[PathBuf], folder: &Path, theme: Option<&Path>) -> bool {
    let picture_beside = path.parent() == Some(folder)
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| PICTURES.contains(&e.to_ascii_lowercase().as_str()));
    let resume = resumes.iter().any(|r| r == path)
        || (resumes.len() == 1 && resumes.first().is_some_and(|first| resume::is_sibling(first, path)));
    resume || picture_beside || theme.is_some_and(|t| path.starts_with(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_resume_pictures_beside_it_and_the_theme_concern_the_site_nothing_else_does() {
        let resume = [PathBuf::from("/r/resume.json")];
        let (folder, theme) = (Path::new("/r"), Some(Path::new("/r/theme")));
        for path in [
            "/r/resume.json",
            "/r/me.JPG",
            "/r/theme/site.css",
            "/r/theme/deep/x.html",
            "/r/resume.de.json",
            "/r/resume-pt-BR.yaml",
        ] {
            assert!(concerns(Path::new(path), &resume, folder, theme), "{path}");
        }
        for path in [
            "/r/notes.txt",
            "/r/.cloud-resume/counter.sqlite3",
            "/r/sub/me.jpg",
            "/r/resume.json.tmp",
            "/other/resume.json",
            "/r/cv.de.json",
            "/r/resume.de.json.swp",
            "/other/resume.de.json",
        ] {
            assert!(!concerns(Path::new(path), &resume, folder, theme), "{path}");
        }
    }
}
