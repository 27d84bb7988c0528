//! `serve --watch`: each change the watcher (`server::watch`) sees is built again and handed,
//! or why it did not build, to the live site.

use std::sync::Arc;

use server::{Live, Rendered};

/// The site as built from `sources` now, or why not; warnings and problems also go to stderr.
pub fn render(sources: &site::Sources) -> Rendered {
    match site::build(sources) {
        Ok(built) => {
            eprint!("{}", super::warnings(&sources.resume, &built.warnings));
            let warnings = built.warnings.iter().map(|w| w.placed(&sources.resume)).collect();
            Rendered::Site { site: built.site, warnings }
        }
        Err(err) => {
            let (title, problems) = err.problems();
            eprintln!("error: {title}:");
            problems.iter().for_each(|p| eprintln!("  {p}"));
            Rendered::Broken { title, problems }
        }
    }
}

/// Publishes a new rendering to `live` after each change of the sources, until the returned
/// watch is dropped.
pub fn spawn(sources: site::Sources, live: Arc<Live>) -> anyhow::Result<server::watch::Watch> {
    let (resume, theme) = (sources.resume.clone(), sources.theme.clone());
    server::watch::watch(&resume, theme.as_deref(), move || {
        eprintln!("{} changed: rendering again", sources.resume.display());
        live.publish(render(&sources));
    })
}
