//! A progress bar on a terminal; one plain line per step otherwise (CI logs).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// Reports the steps of a deploy.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A report of `steps` steps.
    pub fn new(steps: usize) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(steps as u64);
            if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
                bar.set_style(style);
            }
            bar
        });
        Self { bar }
    }

    /// Reports one finished step.
    pub fn step(&self, line: String) {
        match &self.bar {
            Some(bar) => {
                bar.set_message(line);
                bar.inc(1);
            }
            None => println!("{line}"),
        }
    }

    /// Clears the bar, if there is one.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
