//! The PDF renderer: a resume (read by the `resume` crate) typeset in-process by Typst in its
//! theme's print design. No browser, no network, no other program.
//!
//! [`print`] is the whole of it: [`source::render`] writes the theme's `resume.typ` (with its
//! `print.typ`) as a Typst source, every string of the resume in it a Typst string literal;
//! [`typeset`] compiles that with the files it reads and exports a tagged PDF that claims
//! PDF/UA-1, which Typst checks as it writes; [`typeset_within`] tightens type and spacing until
//! the pages fit a limit. Fonts are typst-assets' embedded ones and the system's (found by
//! fontdb); a character that no font on the machine has is an error naming it and a font to
//! install, never a glyph silently dropped. [`Paper`] is which paper, by the resume's region.
//!
//! This crate knows nothing of the HTML renderer: both read the same resume and theme.

#![warn(missing_docs)]

#[cfg(feature = "cli")]
pub mod cli;
mod paper;
pub mod source;

pub use paper::{Paper, PdfPages};

use std::collections::HashMap;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;

/// What went wrong typesetting a resume.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// A character of the resume that no font on this machine can show.
    #[error(
        "no font on this machine has the character {character:?} (U+{code:04X}, {script}); install {font} (on Debian: apt-get install {package}), or write it differently"
    )]
    MissingGlyph {
        /// The character.
        character: char,
        /// Its code point.
        code: u32,
        /// The script it belongs to, as people name it.
        script: &'static str,
        /// A font family that has it.
        font: &'static str,
        /// The Debian package of that font.
        package: &'static str,
    },
    /// The Typst source did not compile (a theme folder's `resume.typ`, or a bug of ours).
    #[error("the print template did not typeset: {0}")]
    Typst(String),
    /// The theme's print template did not render (a theme folder's `resume.typ` or `print.typ`).
    #[error(transparent)]
    Source(#[from] source::SourceError),
}

/// The resume typeset in its theme's print design on `paper`, as designed, or as tight as
/// `max_pages` needs (within [`SCALES`]); its length runs to `today`, the PDF's date.
pub fn print(
    resume: &resume::Resume,
    theme: &theme::Theme,
    paper: Paper,
    max_pages: Option<usize>,
    today: time::Date,
) -> Result<Typeset, PrintError> {
    typeset_within(max_pages, &[], today, |scale| -> Result<String, PrintError> {
        Ok(source::render(resume, theme, paper.typst_name(), scale, today)?)
    })
}

/// A typeset resume.
#[derive(Debug)]
pub struct Typeset {
    /// The PDF file.
    pub pdf: Vec<u8>,
    /// How many pages it has.
    pub pages: usize,
    /// The share of the design's type and spacing it was typeset at (1.0 as designed).
    pub scale: f64,
    /// Typst's warnings (a font family the template names that the machine lacks, …).
    pub warnings: Vec<String>,
}

/// The fonts: the embedded ones first (so a design that names them looks the same everywhere),
/// then the system's. Scanned once per process.
fn fonts() -> &'static FontStore {
    static FONTS: OnceLock<FontStore> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut store = FontStore::new();
        store.extend(typst_kit::fonts::embedded());
        store.extend(typst_kit::fonts::system());
        store
    })
}

/// The world one compilation sees: the main source and the named files beside it.
struct Resume {
    library: LazyHash<Library>,
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl World for Resume {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        fonts().book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_without_slash().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.get(&id).cloned().ok_or_else(|| FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// Typesets `source` (Typst markup) with `files` (name → bytes: what the source reads with
/// `image("name")`) as on `today`, into a PDF.
pub fn typeset(source: &str, files: &[(String, Vec<u8>)], today: time::Date) -> Result<Typeset, PrintError> {
    if let Some(missing) = missing_glyph(source) {
        return Err(missing);
    }
    let main = Source::new(file_id("resume.typ")?, source.to_owned());
    let files = files
        .iter()
        .map(|(name, bytes)| Ok((file_id(name)?, Bytes::new(bytes.clone()))))
        .collect::<Result<_, PrintError>>()?;
    let today = Datetime::from_ymd(today.year(), u8::from(today.month()), today.day())
        .ok_or_else(|| PrintError::Typst(format!("{today} is no date Typst takes")))?;
    let world = Resume { library: LazyHash::new(Library::default()), main, files, today };
    let compiled = typst::compile::<PagedDocument>(&world);
    // A design names fallback families (CJK ones, say) that a machine may lack; a character no
    // font has is caught above, so those warnings say nothing the reader must act on.
    let warnings = compiled
        .warnings
        .iter()
        .filter(|w| !w.message.starts_with("unknown font family"))
        .map(|w| diagnostic(&world, w))
        .collect();
    let document = compiled.output.map_err(|errors| PrintError::Typst(messages(&world, &errors)))?;
    // PDF/UA-1: tagged, every text real text in reading order, a title shown in the window,
    // links with their text; Typst checks what it can of the rest and refuses a document that
    // breaks it (an image without alternative text, say).
    let standards = typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1])
        .map_err(|e| PrintError::Typst(e.message().to_string()))?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom("cloud-resume".into()),
        standards,
        creator: Smart::Custom(Some("cloud-resume (Typst)".into())),
        timestamp: Some(typst_pdf::Timestamp::new_utc(today)),
        ..typst_pdf::PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| PrintError::Typst(messages(&world, &errors)))?;
    Ok(Typeset { pages: document.pages().len(), pdf, warnings, scale: 1.0 })
}

/// Type and spacing of a print design, as designed and then tighter, that
/// [`typeset_within`] tries in turn: never below 86 %, where 9.6 pt type becomes 8.3 pt.
pub const SCALES: &[f64] = &[1.0, 0.95, 0.9, 0.86];

/// Typesets the source that `render` makes for a scale of type and spacing, at each of
/// [`SCALES`] in turn until the PDF has at most `max_pages` pages (at once without a maximum);
/// the last one tried when none fits, which the caller then reports.
pub fn typeset_within<E: From<PrintError>>(
    max_pages: Option<usize>,
    files: &[(String, Vec<u8>)],
    today: time::Date,
    mut render: impl FnMut(f64) -> Result<String, E>,
) -> Result<Typeset, E> {
    let mut last = None;
    for &scale in SCALES {
        let typeset = Typeset { scale, ..typeset(&render(scale)?, files, today)? };
        let fits = max_pages.is_none_or(|max| typeset.pages <= max);
        last = Some(typeset);
        if fits {
            break;
        }
    }
    // SCALES is not empty: the loop ran at least once.
    last.ok_or_else(|| PrintError::Typst("no scale was tried".into()).into())
}

/// The id of a file at the project's root.
fn file_id(name: &str) -> Result<FileId, PrintError> {
    let path =
        VirtualPath::new(name).map_err(|e| PrintError::Typst(format!("{name} is no file name Typst takes: {e:?}")))?;
    Ok(FileId::new(RootedPath::new(VirtualRoot::Project, path)))
}

fn messages(world: &Resume, diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics.iter().map(|d| diagnostic(world, d)).collect::<Vec<_>>().join("; ")
}

/// A diagnostic with the line of the source it is about.
fn diagnostic(world: &Resume, d: &SourceDiagnostic) -> String {
    let line = d
        .span
        .id()
        .filter(|&id| id == world.main.id())
        .and_then(|_| world.range(d.span))
        .and_then(|range| world.main.lines().byte_to_line(range.start))
        .map(|line| format!(" (resume.typ line {})", line + 1))
        .unwrap_or_default();
    let hints: String = d.hints.iter().map(|h| format!("; hint: {}", h.v)).collect();
    format!("{}{line}{hints}", d.message)
}

/// The first character of `source` that no font has, as an error naming a font that has it.
fn missing_glyph(source: &str) -> Option<PrintError> {
    let book = fonts().book();
    let mut seen = std::collections::HashSet::new();
    for c in source.chars() {
        if c.is_ascii() || c.is_whitespace() || c.is_control() || !seen.insert(c) {
            continue;
        }
        // Marks that only shape the characters around them (joiners, variation selectors).
        if matches!(c as u32, 0x200B..=0x200F | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF) {
            continue;
        }
        if !(0..).map_while(|i| book.info(i)).any(|info| info.coverage.contains(c as u32)) {
            let (script, font, package) = font_for(c);
            return Some(PrintError::MissingGlyph { character: c, code: c as u32, script, font, package });
        }
    }
    None
}

/// A script's name and a free font family (with its Debian package) that covers it.
fn font_for(c: char) -> (&'static str, &'static str, &'static str) {
    match c as u32 {
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => ("Korean", "Noto Sans CJK KR", "fonts-noto-cjk"),
        0x3040..=0x30FF | 0x31F0..=0x31FF => ("Japanese", "Noto Sans CJK JP", "fonts-noto-cjk"),
        0x2E80..=0x2FFF | 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF => {
            ("Chinese, Japanese or Korean", "Noto Sans CJK", "fonts-noto-cjk")
        }
        0x0590..=0x05FF => ("Hebrew", "Noto Sans Hebrew", "fonts-noto-core"),
        0x0600..=0x06FF | 0x0750..=0x077F => ("Arabic", "Noto Sans Arabic", "fonts-noto-core"),
        0x0900..=0x0DFF => ("Indic", "Noto Sans Devanagari", "fonts-noto-core"),
        0x0E00..=0x0E7F => ("Thai", "Noto Sans Thai", "fonts-noto-core"),
        0x1F000..=0x1FAFF | 0x2600..=0x27BF => ("emoji", "Noto Color Emoji", "fonts-noto-color-emoji"),
        _ => ("a script without a font here", "Noto Sans", "fonts-noto-core"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> time::Date {
        time::macros::date!(2026 - 12 - 01)
    }

    #[test]
    fn the_example_prints_on_one_page_in_every_theme() {
        let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/resume.json");
        let resume = resume::load(&example).unwrap();
        for info in theme::THEMES {
            let theme = theme::Theme::named(info.name).unwrap();
            for paper in [Paper::A4, Paper::Letter] {
                let printed = print(&resume, &theme, paper, None, today()).unwrap();
                assert_eq!((printed.pages, printed.scale), (1, 1.0), "{} on {}", info.name, paper.name());
            }
        }
    }

    #[test]
    fn a_source_becomes_a_pdf_with_its_pages() {
        let typeset =
            typeset("#set document(title: \"T\")\n#set page(paper: \"a4\")\nHello\n#pagebreak()\nWorld", &[], today())
                .unwrap();
        assert!(typeset.pdf.starts_with(b"%PDF-"));
        assert_eq!(typeset.pages, 2);
    }

    #[test]
    fn a_page_limit_tightens_the_scale_until_the_pages_fit() {
        // Nine lines of 30 pt on a page 100 pt high hold at most two lines a page; the source
        // is as long at every scale, so the limit is never met and every scale is tried.
        let mut tried = Vec::new();
        let source = |scale: f64| -> Result<String, PrintError> {
            tried.push(scale);
            Ok(format!(
                "#set document(title: \"T\")\n#set page(height: 100pt)\n#set text(size: {}pt)\n{}",
                30.0 * scale,
                "Line\n\n".repeat(9)
            ))
        };
        let typeset = typeset_within(Some(1), &[], today(), source).unwrap();
        assert_eq!(tried, SCALES);
        assert_eq!(typeset.scale, 0.86);
        assert!(typeset.pages > 1);
        // Without a limit: as designed, once.
        let mut calls = 0;
        let once = typeset_within(None, &[], today(), |_| -> Result<String, PrintError> {
            calls += 1;
            Ok("#set document(title: \"T\")\nHello".into())
        });
        assert_eq!((once.unwrap().scale, calls), (1.0, 1));
    }

    #[test]
    fn a_broken_source_is_an_error_with_its_line() {
        let err = typeset("Hello\n#let x = (", &[], today()).unwrap_err().to_string();
        assert!(err.contains("resume.typ line 2"), "{err}");
    }

    #[test]
    fn a_character_no_font_has_is_named_not_dropped() {
        // A private-use code point: no font anywhere has a glyph for it.
        let err = typeset("Hello \u{F0000}", &[], today()).unwrap_err().to_string();
        assert!(err.contains("U+F0000"), "{err}");
    }
}
