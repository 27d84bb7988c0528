//! Reading a resume file: strict JSON (or YAML, for `.yaml` and `.yml` files), the reading rules for what people write (`lenient`: each
//! a warning, or an error when strict), then the JSON Resume schema (shipped in `schema/`) and
//! the calendar, with every warning and problem reported at once with its JSON path, line and
//! column.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use jsonc_parser::ast::Value as Ast;
use jsonc_parser::common::Ranged;
use serde_json::Value;

use crate::Resume;
use crate::lenient::DATE_FIELDS;

/// The JSON Resume schema v1.0.0, as published in the `@jsonresume/schema` package (MIT).
pub const SCHEMA: &str = include_str!("../schema/resume.schema.json");

static VALIDATOR: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let schema: Value = serde_json::from_str(SCHEMA).expect("the shipped schema is JSON");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the shipped schema compiles")
});

/// The largest resume file read, in bytes. Real resumes are a few to a few dozen kilobytes;
/// anything past this is the wrong file (a pipe, a device, a dump), refused before it fills
/// memory.
pub const MAX_RESUME_BYTES: u64 = 5 * 1024 * 1024;

/// One thing wrong in a resume file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, as a readable path such as `work[0].startDate` (`(root)` for the whole document).
    pub path: String,
    /// The line in the file, from 1.
    pub line: usize,
    /// The column in the line, from 1.
    pub column: usize,
    /// A plain sentence saying what is wrong.
    pub message: String,
}

/// Why a resume file could not be loaded. Each message names the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read {}: {source}; check that the file exists and is readable", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is over [`MAX_RESUME_BYTES`] (only that much is read).
    #[error(
        "{} is larger than {} MB; a resume is a few kilobytes of JSON: check that this is the resume file",
        path.display(), MAX_RESUME_BYTES / (1024 * 1024)
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
    },
    /// The file is not UTF-8 text.
    #[error(
        "{}:{line}:{column}: this is not UTF-8 text (byte offset {offset}); save the file as UTF-8",
        path.display()
    )]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// The first byte that is not UTF-8, from 0.
        offset: usize,
        /// Its line, from 1.
        line: usize,
        /// Its column, from 1.
        column: usize,
    },
    /// The file is not JSON (or not YAML, for a YAML file).
    #[error("{}:{line}:{column}: this is not valid {format}: {message}; fix the {format} at that place", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// What the file was read as.
        format: Format,
        /// Where the JSON breaks: the line, from 1.
        line: usize,
        /// The column, from 1.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The JSON is not a resume the reading rules can read.
    #[error("{}", Invalid { path, problems, warnings })]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Every problem, in the order of the file.
        problems: Vec<Problem>,
        /// What the reading rules read on the way (reported with the problems, apart).
        warnings: Vec<Problem>,
    },
    /// The files of a resume in several languages do not say which language each is, or say
    /// one twice, or `--langs` names one the resume does not have.
    #[error("{}: {message}", path.display())]
    Languages {
        /// The file.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
}

struct Invalid<'a> {
    path: &'a Path,
    problems: &'a [Problem],
    warnings: &'a [Problem],
}

impl fmt::Display for Invalid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        writeln!(
            f,
            "{} is not a valid JSON Resume ({n} problem{}); fix each place below (schema: https://jsonresume.org/schema):",
            self.path.display(),
            if n == 1 { "" } else { "s" }
        )?;
        for (i, p) in self.problems.iter().enumerate() {
            let sep = if i + 1 == n && self.warnings.is_empty() { "" } else { "\n" };
            write!(f, "  {}:{}:{}: {}: {}{sep}", self.path.display(), p.line, p.column, p.path, p.message)?;
        }
        let w = self.warnings.len();
        if w > 0 {
            writeln!(f, "and {w} reading{} beyond the schema (warnings):", if w == 1 { "" } else { "s" })?;
            for (i, p) in self.warnings.iter().enumerate() {
                let sep = if i + 1 == w { "" } else { "\n" };
                write!(f, "  {}:{}:{}: {}: {}{sep}", self.path.display(), p.line, p.column, p.path, p.message)?;
            }
        }
        Ok(())
    }
}

/// How a resume file is written: JSON, or YAML (`.yaml`, `.yml`), read into the same JSON value
/// with the place of every value, so that both get the same warnings and problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON, the JSON Resume format itself.
    Json,
    /// YAML 1.2.
    Yaml,
}

impl Format {
    /// By the file's extension: `.yaml` and `.yml` are YAML, anything else JSON.
    pub fn of_path(path: &Path) -> Self {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("yaml" | "yml") => Format::Yaml,
            _ => Format::Json,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Json => "JSON",
            Format::Yaml => "YAML",
        })
    }
}

/// A resume text parsed, with how to find the place of a JSON pointer in it.
enum Source<'a> {
    /// JSON: places are found in its syntax tree when asked for.
    Json(&'a str),
    /// YAML: the reader noted every value's place.
    Yaml(crate::yaml::Places),
}

impl<'a> Source<'a> {
    /// Parses `text` as `format` into a JSON value, with what was read beyond the format itself
    /// (JSON with comments or trailing commas; the resume among several YAML documents).
    fn parse(text: &'a str, format: Format) -> Result<(Value, Self, Vec<Problem>), ParseError> {
        match format {
            Format::Json => match serde_json::from_str(text) {
                Ok(value) => Ok((value, Source::Json(text), Vec::new())),
                Err(err) => {
                    let (line, column) = (err.line(), err.column().max(1));
                    let message = err.to_string();
                    let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
                    // What VS Code calls JSON with comments: `//` and `/* */` comments, trailing
                    // commas. Nothing else is taken (no single quotes, no bare keys).
                    let options = jsonc_parser::ParseOptions {
                        allow_comments: true,
                        allow_trailing_commas: true,
                        allow_loose_object_property_names: false,
                        allow_missing_commas: false,
                        allow_single_quoted_strings: false,
                        allow_hexadecimal_numbers: false,
                        allow_unary_plus_numbers: false,
                        allow_bare_decimal_point_numbers: false,
                        allow_non_finite_numbers: false,
                        allow_extended_string_escapes: false,
                    };
                    match jsonc_parser::parse_to_serde_value::<Value>(text, &options) {
                        // (It reads a blank text as null; that is no JSON at all.)
                        Ok(value) if !value.is_null() => {
                            let note = Problem {
                                path: "(root)".into(),
                                line,
                                column,
                                message: "this is JSON with comments or trailing commas (JSONC), which JSON does not \
                                          allow; read as such: take them out for other JSON Resume tools"
                                    .into(),
                            };
                            Ok((value, Source::Json(text), vec![note]))
                        }
                        // serde_json says column 0 for the end of a line (where the text ended).
                        _ => Err(ParseError::Syntax { format, line, column, message }),
                    }
                }
            },
            Format::Yaml => {
                let (value, places, note) = crate::yaml::read(text).map_err(|e| ParseError::Syntax {
                    format,
                    line: e.line,
                    column: e.column,
                    message: e.message,
                })?;
                let notes = note.map(|message| Problem { path: "(root)".into(), line: 1, column: 1, message });
                Ok((value, Source::Yaml(places), notes.into_iter().collect()))
            }
        }
    }

    /// Each (pointer, sentence) as a problem at its place.
    fn locate(&self, found: Vec<(String, String)>) -> Vec<Problem> {
        match self {
            Source::Json(text) => locate(text, found),
            Source::Yaml(places) => found
                .into_iter()
                .map(|(pointer, message)| {
                    // The value's own place, else its nearest enclosing one.
                    let mut at = pointer.as_str();
                    let (line, column) = loop {
                        if let Some(&place) = places.get(at) {
                            break place;
                        }
                        match at.rfind('/') {
                            Some(i) => at = &at[..i],
                            None => break (1, 1),
                        }
                    };
                    Problem { path: readable(&pointer), line, column, message }
                })
                .collect(),
        }
    }
}

/// A resume as read, with what the reading rules read in it (empty when it follows the schema).
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The resume, as the reading rules read it: in its default language, when its texts are
    /// language maps (that of `meta.lang`, else the maps' first).
    pub resume: Resume,
    /// The resume in each other language of its language maps, in the order the file first
    /// names them, each with its tag as `meta.lang`; none for a file without maps.
    pub translations: Vec<Resume>,
    /// The file's own `meta.lang`, as written, if it has one.
    pub declared_lang: Option<String>,
    /// Each reading that went beyond the schema, in the order of the file.
    pub warnings: Vec<Problem>,
}

/// Reads, checks and parses a JSON Resume file, by the reading rules, with the picture
/// `basics.image` names beside it; `strict` makes each reading (and a picture that cannot be
/// shown) an error (the schema to the letter).
pub fn read(path: &Path, strict: bool) -> Result<Loaded, LoadError> {
    let text = read_text(path)?;
    let format = Format::of_path(path);
    let mut loaded = parse_as(&text, format, strict).map_err(|err| match err {
        ParseError::Syntax { format, line, column, message } => {
            LoadError::Syntax { path: path.to_owned(), format, line, column, message }
        }
        ParseError::Invalid { problems, warnings } => LoadError::Invalid { path: path.to_owned(), problems, warnings },
    })?;
    if let Some(image) = loaded.resume.basics.image.clone() {
        match crate::photo::resolve(path, &image) {
            Ok(photo) => loaded.resume.photo = Some(photo),
            Err(why) => {
                // Where the file says it: `image`, else the pre-1.0 `picture` that was read as image.
                // The text parsed a moment ago; it parses again.
                let (original, source, _) =
                    Source::parse(&text, format).unwrap_or((Value::Null, Source::Json(&text), Vec::new()));
                let written =
                    if original.pointer("/basics/image").is_some() { "/basics/image" } else { "/basics/picture" };
                let mut place = source.locate(vec![(written.to_owned(), why)]);
                if strict {
                    return Err(LoadError::Invalid { path: path.to_owned(), problems: place, warnings: Vec::new() });
                }
                loaded.warnings.append(&mut place);
            }
        }
    }
    // One picture for every language.
    for translation in &mut loaded.translations {
        translation.photo = loaded.resume.photo.clone();
    }
    Ok(loaded)
}

/// Reads a JSON Resume file by the reading rules, without their warnings.
pub fn load(path: &Path) -> Result<Resume, LoadError> {
    read(path, false).map(|loaded| loaded.resume)
}

/// The file's text: at most [`MAX_RESUME_BYTES`] read (a pipe or `/dev/zero` is not read for
/// ever), UTF-8 checked with the place of the first bad byte, a byte-order mark dropped.
fn read_text(path: &Path) -> Result<String, LoadError> {
    let read_error = |source| LoadError::Read { path: path.to_owned(), source };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut bytes = Vec::new();
    file.take(MAX_RESUME_BYTES + 1).read_to_end(&mut bytes).map_err(read_error)?;
    if bytes.len() as u64 > MAX_RESUME_BYTES {
        return Err(LoadError::TooLarge { path: path.to_owned() });
    }
    let mut text = String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&err.as_bytes()[..offset]);
        let (line, column) = positions(&valid, &[offset]).first().copied().unwrap_or((1, 1));
        LoadError::NotUtf8 { path: path.to_owned(), offset, line, column }
    })?;
    // Editors on Windows often write one; JSON parsers refuse it.
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// Why a resume text was refused.
#[derive(Debug)]
pub enum ParseError {
    /// The text is not JSON (or YAML).
    Syntax {
        /// What the text was read as.
        format: Format,
        /// Where it breaks: the line, from 1.
        line: usize,
        /// The column, from 1.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The JSON is not a resume the reading rules can read.
    Invalid {
        /// Every problem, in the order of the text.
        problems: Vec<Problem>,
        /// What the reading rules read (apart from the problems; with strict, among them).
        warnings: Vec<Problem>,
    },
}

/// Checks and parses a JSON Resume from text, by the reading rules, without their warnings.
pub fn parse(text: &str) -> Result<Resume, ParseError> {
    parse_with(text, false).map(|loaded| loaded.resume)
}

/// Checks and parses a JSON Resume from JSON text; `strict` makes each reading an error.
pub fn parse_with(text: &str, strict: bool) -> Result<Loaded, ParseError> {
    parse_as(text, Format::Json, strict)
}

/// Checks and parses a JSON Resume from text written as `format`; `strict` makes each reading an
/// error. A file whose texts are language maps is read once per language (`langmap`).
pub fn parse_as(text: &str, format: Format, strict: bool) -> Result<Loaded, ParseError> {
    let (value, source, mut notes) = Source::parse(text, format)?;
    if !value.is_object() {
        let place = source.locate(vec![(String::new(), format!("must be an object, not {}", kind_of(&value)))]);
        return Err(ParseError::Invalid { problems: place, warnings: Vec::new() });
    }
    let declared_lang = value.pointer("/meta/lang").and_then(Value::as_str).map(str::to_owned);
    let mut readings = Vec::new();
    let mut values = Vec::new();
    for edition in crate::langmap::split(&value) {
        let mut value = edition.value;
        readings.extend(read_value(&mut value));
        readings.extend(edition.fallbacks);
        values.push(value);
    }
    let mut warnings = source.locate(readings);
    warnings.append(&mut notes);
    warnings.sort_by_key(|w| (w.line, w.column));
    // What every language's document read alike is said once.
    warnings.dedup_by(|a, b| a.line == b.line && a.column == b.column && a.message == b.message);
    if strict && !warnings.is_empty() {
        // --strict: the schema to the letter; each reading is a problem.
        return Err(ParseError::Invalid { problems: warnings, warnings: Vec::new() });
    }
    // The salvage leaves only what the model reads; should they ever disagree, say where.
    let mut resumes = Vec::with_capacity(values.len());
    for value in values {
        let resume = serde_path_to_error::deserialize(&value).map_err(|err| {
            let pointer = format!("/{}", err.path().to_string().replace(['.', '['], "/").replace(']', ""));
            let problems = source.locate(vec![(pointer, err.inner().to_string())]);
            ParseError::Invalid { problems, warnings: warnings.clone() }
        })?;
        resumes.push(resume);
    }
    let resume = resumes.remove(0);
    Ok(Loaded { resume, translations: resumes, declared_lang, warnings })
}

/// One document read by the reading rules, the schema and the calendar, in place: what was read
/// beyond the schema, as (pointer in the file, sentence).
fn read_value(value: &mut Value) -> Vec<(String, String)> {
    let said = crate::lenient::read(value);
    let mut readings = said.readings.clone();
    if let Some(name) = value.pointer("/meta/theme").and_then(Value::as_str)
        && theme::theme_named(name).is_none()
    {
        readings.push((
            said.in_file("/meta/theme"),
            format!(
                "names the theme {name:?}, which cloud-resume does not have: the default theme {:?} is used unless \
                 --theme names one; {}",
                theme::DEFAULT_THEME,
                theme::theme_list()
            ),
        ));
    }
    // What the schema (or the calendar) refuses is read as a person reads it, or shown as
    // written, or left out: each a warning. Only a file that does not parse is refused.
    readings.extend(
        crate::salvage::salvage(value, |value| {
            // The calendar first: where it says why a date is none, that is the sentence to give.
            let mut calendar = Vec::new();
            check_dates(value, &mut String::new(), &mut calendar);
            let mut refused: Vec<crate::salvage::Refusal> = calendar
                .into_iter()
                .map(|(pointer, why)| crate::salvage::Refusal {
                    pointer,
                    wanted: crate::salvage::Wanted::Date(Some(why)),
                })
                .collect();
            refused.extend(VALIDATOR.iter_errors(value).map(|e| crate::salvage::Refusal::of(&e)));
            refused
        })
        .into_iter()
        .map(|(pointer, sentence)| (said.in_file(&pointer), sentence)),
    );
    drop_null_items(value);
    readings
}

/// Items the salvage left out of a list were left as null (so that the places of the others
/// stayed); the model has no use for them.
fn drop_null_items(value: &mut Value) {
    match value {
        Value::Array(items) => {
            items.retain(|item| !item.is_null());
            items.iter_mut().for_each(drop_null_items);
        }
        Value::Object(map) => map.values_mut().for_each(drop_null_items),
        _ => {}
    }
}

fn kind_of(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(_) => "a boolean".into(),
        Value::Number(_) => "a number".into(),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// The schema's date pattern lets `2019-13-45` through; the calendar does not.
fn check_dates(value: &Value, pointer: &mut String, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                if let (true, Value::String(s)) = (DATE_FIELDS.contains(&key.as_str()), child)
                    && let Some(problem) = impossible_date(s)
                {
                    found.push((pointer.clone(), problem));
                }
                check_dates(child, pointer, found);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                check_dates(child, pointer, found);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// For a date of the schema's shape, why it is not on the calendar (None when it is, or when it
/// is not of that shape at all: the schema reports those).
fn impossible_date(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.split('-').collect();
    let numbers: Vec<u32> = parts.iter().map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let shape_ok = matches!(parts.as_slice(), [y] | [y, _] | [y, _, _] if y.len() == 4)
        && parts.iter().skip(1).all(|p| p.len() == 2);
    if !shape_ok {
        return None;
    }
    let year = i32::try_from(numbers[0]).ok()?;
    let month = match numbers.get(1) {
        None => return None,
        Some(&m) => match time::Month::try_from(u8::try_from(m).ok()?) {
            Ok(month) => month,
            Err(_) => return Some(format!("\"{s}\" is not a real date: there is no month {m}")),
        },
    };
    let &day = numbers.get(2)?;
    let last = month.length(year);
    if day == 0 || day > u32::from(last) {
        return Some(format!("\"{s}\" is not a real date: {month} {year} has days 1 to {last}"));
    }
    None
}

/// Turns JSON pointers into problems with readable paths, lines and columns: one walk of the
/// syntax tree and one pass over the text, so the work grows with the file and the number of
/// problems, not with their product.
fn locate(text: &str, found: Vec<(String, String)>) -> Vec<Problem> {
    let ast = jsonc_parser::parse_to_ast(text, &Default::default(), &Default::default()).ok().and_then(|r| r.value);
    // A pointer and its ancestors: a place the reading rules made (a list from a mapping) is
    // reported where its nearest ancestor is written.
    let ancestors = |p: &str| -> Vec<String> {
        let mut out = vec![p.to_owned()];
        let mut at = p;
        while let Some(i) = at.rfind('/') {
            at = &at[..i];
            out.push(at.to_owned());
        }
        out
    };
    let wanted_owned: HashSet<String> = found.iter().flat_map(|(p, _)| ancestors(p)).collect();
    let wanted: HashSet<&str> = wanted_owned.iter().map(String::as_str).collect();
    let mut offsets = HashMap::new();
    if let Some(root) = &ast {
        index_offsets(root, &mut String::new(), &wanted, &mut offsets);
    }
    let starts: Vec<usize> = found
        .iter()
        .map(|(p, _)| ancestors(p).iter().find_map(|a| offsets.get(a.as_str()).copied()).unwrap_or(0))
        .collect();
    found
        .into_iter()
        .zip(positions(text, &starts))
        .map(|((pointer, message), (line, column))| Problem { path: readable(&pointer), line, column, message })
        .collect()
}

/// Records where each wanted JSON pointer starts, in one walk of the tree.
fn index_offsets(node: &Ast<'_>, pointer: &mut String, wanted: &HashSet<&str>, out: &mut HashMap<String, usize>) {
    if wanted.contains(pointer.as_str()) {
        out.insert(pointer.clone(), node.range().start);
    }
    let len = pointer.len();
    match node {
        Ast::Object(obj) => {
            for property in &obj.properties {
                pointer.push('/');
                pointer.push_str(&property.name.as_str().replace('~', "~0").replace('/', "~1"));
                index_offsets(&property.value, pointer, wanted, out);
                pointer.truncate(len);
            }
        }
        Ast::Array(arr) => {
            for (i, element) in arr.elements.iter().enumerate() {
                pointer.push('/');
                pointer.push_str(&i.to_string());
                index_offsets(element, pointer, wanted, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Line and column (both from 1, the column in characters) of each byte offset, in one pass
/// over the text whatever their number (a minified file has every problem on line 1).
fn positions(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![(1, 1); offsets.len()];
    let (mut line, mut column) = (1, 1);
    let mut chars = text.char_indices().peekable();
    for i in order {
        while let Some(&(at, c)) = chars.peek() {
            if at >= offsets[i] {
                break;
            }
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
            chars.next();
        }
        out[i] = (line, column);
    }
    out
}

/// `/work/0/startDate` → `work[0].startDate`.
fn readable(pointer: &str) -> String {
    let mut out = String::new();
    for raw in pointer.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        if segment.parse::<usize>().is_ok() {
            out.push_str(&format!("[{segment}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment);
        }
    }
    if out.is_empty() { "(root)".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_are_valid_and_impossible_ones_are_not() {
        for ok in ["2019", "2019-05", "2019-05-01", "2024-02-29"] {
            assert_eq!(impossible_date(ok), None, "{ok}");
        }
        assert!(impossible_date("2019-13-45").unwrap().contains("no month 13"));
        assert!(impossible_date("2019-02-30").unwrap().contains("days 1 to 28"));
        assert!(impossible_date("2023-02-29").is_some());
        assert!(impossible_date("2019-04-00").is_some());
    }

    #[test]
    fn pointers_read_as_paths() {
        assert_eq!(readable("/work/0/startDate"), "work[0].startDate");
        assert_eq!(readable(""), "(root)");
        assert_eq!(readable("/basics/profiles/2/url"), "basics.profiles[2].url");
    }

    #[test]
    fn every_reading_at_once_with_its_place_and_strict_refuses_them_all() {
        let text = "{\n  \"basics\": {\"name\": 5, \"email\": \"not-an-email\"},\n  \"work\": [\n    {\"startDate\": \"2019-13-45\", \"highlights\": \"x\"},\n    {\"endDate\": \"May 2020\"}\n  ]\n}";
        let loaded = parse(text).map(|_| ()).and_then(|()| parse_with(text, false)).unwrap_or_else(|e| panic!("{e:?}"));
        let got: Vec<(&str, usize, usize)> =
            loaded.warnings.iter().map(|p| (p.path.as_str(), p.line, p.column)).collect();
        assert_eq!(
            got,
            vec![
                ("basics.name", 2, 22),
                ("basics.email", 2, 34),
                ("work[0].startDate", 4, 19),
                ("work[0].highlights", 4, 47),
                ("work[1].endDate", 5, 17),
            ]
        );
        let w = &loaded.warnings;
        assert_eq!(w[0].message, "a number where text goes; read as \"5\": write the text itself");
        assert!(w[1].message.contains("not a valid email; shown as written"), "{}", w[1].message);
        assert!(w[2].message.contains("there is no month 13; shown as written"), "{}", w[2].message);
        assert!(w[3].message.contains("a text where a list goes"), "{}", w[3].message);
        assert!(w[4].message.contains("\"May 2020\" read as 2020-05"), "{}", w[4].message);
        assert_eq!(loaded.resume.basics.name.as_deref(), Some("5"));
        assert_eq!(loaded.resume.work[0].highlights, ["x"]);
        let Err(ParseError::Invalid { problems, .. }) = parse_with(text, true) else { panic!("strict refuses") };
        assert_eq!(problems, loaded.warnings);
    }

    #[test]
    fn broken_json_has_line_and_column() {
        let Err(ParseError::Syntax { line, column, .. }) = parse("{\n  \"a\": [1,,]\n}") else { panic!() };
        assert_eq!((line, column), (2, 11));
    }
}
