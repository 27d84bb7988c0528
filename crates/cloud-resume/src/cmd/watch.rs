//! `serve --watch`: each change the watcher (`server::watch`) sees is rendered again and handed,
//! or why it did not read, to the live site.

use std::path::PathBuf;
use std::sync::Arc;

use server::{Live, Rendered};

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
}

/// Publishes a new rendering to `live` after each change of the inputs, until the returned
/// watch is dropped.
pub fn spawn(inputs: Inputs, live: Arc<Live>) -> anyhow::Result<server::watch::Watch> {
    let (resume, theme) = (inputs.resume.clone(), inputs.theme.clone());
    server::watch::watch(&resume, theme.as_deref(), move || {
        eprintln!("{} changed: rendering again", inputs.resume.display());
        live.publish(inputs.render());
    })
}
