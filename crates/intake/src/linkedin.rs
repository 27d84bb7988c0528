//! LinkedIn's data export read as a resume.
//!
//! LinkedIn sends each member who asks a ZIP of CSV files (the "basic" archive, or the complete
//! one with more files beside them). The files a resume is made of are read by their names,
//! wherever they are in the archive; a file that is missing is fine, and every other file is left
//! alone. CSV as LinkedIn writes it: a byte-order mark, quoted fields with commas and line breaks,
//! rows shorter or longer than the header, and on some files a "Notes:" preamble before the header.
//! Each column that is not mapped (and holds something) and each value that could not be read is
//! a [`Warning`] that names the file, the row and the column.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use yaml_rust2::Yaml;
use yaml_rust2::yaml::Hash;

/// A CSV file of the export is read only up to this size (LinkedIn's are kilobytes; a message
/// archive is not a resume).
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// What could not be read, or was not mapped, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The CSV file's name (`Positions.csv`).
    pub file: String,
    /// The data row, from 1 (the header is row 0); 0 for the file as a whole.
    pub row: usize,
    /// The column's name as the header writes it.
    pub column: String,
    /// A plain sentence.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, row {}, column {:?}: {}", self.file, self.row, self.column, self.message)
    }
}

/// Why the export could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The path could not be opened.
    #[error("cannot read {}: {source}; give the ZIP LinkedIn sent, or the folder it unpacks to", path.display())]
    Read {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file that is no ZIP.
    #[error("{} is not a ZIP archive ({why}); give the ZIP LinkedIn sent, or the folder it unpacks to", path.display())]
    NotZip {
        /// The path.
        path: PathBuf,
        /// What the ZIP reader said.
        why: String,
    },
    /// Neither Profile.csv nor Positions.csv nor any other file a resume is made of.
    #[error("{} holds none of LinkedIn's files for a resume (Profile.csv, Positions.csv, Education.csv, …); is it the export?", path.display())]
    NothingToRead {
        /// The path.
        path: PathBuf,
    },
}

/// A resume read from the export, and what was said on the way.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The resume, its keys in JSON Resume's order.
    pub resume: Yaml,
    /// Each column not mapped and each value not read.
    pub warnings: Vec<Warning>,
    /// The files read, by name.
    pub files: Vec<String>,
}

impl Imported {
    /// The resume as YAML (a comment saying where it came from first), or as JSON.
    pub fn text(&self, json: bool, from: &Path) -> String {
        if json {
            return crate::yaml::json_text(&self.resume);
        }
        format!(
            "# Read from LinkedIn's export {} by `cloud-resume import linkedin` ({}).\n# See it with: cloud-resume serve --watch --open --resume FILE\n{}",
            from.display(),
            self.files.join(", "),
            crate::yaml::dump(&self.resume)
        )
    }
}

/// The files a resume is made of.
const KNOWN: &[&str] = &[
    "Profile.csv",
    "Email Addresses.csv",
    "PhoneNumbers.csv",
    "Positions.csv",
    "Education.csv",
    "Skills.csv",
    "Languages.csv",
    "Certifications.csv",
    "Projects.csv",
    "Honors.csv",
    "Publications.csv",
    "Volunteering.csv",
    "Courses.csv",
];

/// Reads the export at `path`: a ZIP, or a folder.
pub fn read(path: &Path) -> Result<Imported, ImportError> {
    let io = |source| ImportError::Read { path: path.to_owned(), source };
    let meta = std::fs::metadata(path).map_err(io)?;
    let files = if meta.is_dir() { from_dir(path).map_err(io)? } else { from_zip(path)? };
    if files.is_empty() {
        return Err(ImportError::NothingToRead { path: path.to_owned() });
    }
    let mut import = Import::default();
    for name in KNOWN {
        if let Some(bytes) = files.get(*name) {
            import.files.push((*name).to_owned());
            let table = Table::parse(name, bytes, &mut import.warnings);
            import.read(name, &table);
        }
    }
    Ok(import.finish())
}

/// The known files in a folder and its subfolders, by name.
fn from_dir(dir: &Path) -> std::io::Result<BTreeMap<&'static str, Vec<u8>>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file()
                && let Some(name) = known_name(&entry.file_name().to_string_lossy())
            {
                let mut bytes = Vec::new();
                std::fs::File::open(entry.path())?.take(MAX_FILE_BYTES).read_to_end(&mut bytes)?;
                found.entry(name).or_insert(bytes);
            }
        }
    }
    Ok(found)
}

/// The known files in a ZIP, by name, wherever they are in it.
fn from_zip(path: &Path) -> Result<BTreeMap<&'static str, Vec<u8>>, ImportError> {
    let file = std::fs::File::open(path).map_err(|source| ImportError::Read { path: path.to_owned(), source })?;
    let not_zip = |e: zip::result::ZipError| ImportError::NotZip { path: path.to_owned(), why: e.to_string() };
    let mut archive = zip::ZipArchive::new(file).map_err(not_zip)?;
    let mut found = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(not_zip)?;
        let base = entry.name().rsplit(['/', '\\']).next().unwrap_or("").to_owned();
        if let Some(name) = known_name(&base).filter(|_| entry.is_file()) {
            let mut bytes = Vec::new();
            (&mut entry)
                .take(MAX_FILE_BYTES)
                .read_to_end(&mut bytes)
                .map_err(|source| ImportError::Read { path: path.join(entry.name()), source })?;
            found.entry(name).or_insert(bytes);
        }
    }
    Ok(found)
}

fn known_name(base: &str) -> Option<&'static str> {
    KNOWN.iter().copied().find(|k| k.eq_ignore_ascii_case(base))
}

/// One CSV file: its header and its rows, each row a map from column to value.
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn parse(file: &str, bytes: &[u8], warnings: &mut Vec<Warning>) -> Table {
        let text = String::from_utf8_lossy(bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        // Some files open with "Notes:" and a quoted paragraph, then a blank line, then the header.
        let body = if text.trim_start().starts_with("Notes:") {
            text.split_once("\n\n").or_else(|| text.split_once("\r\n\r\n")).map_or("", |(_, rest)| rest)
        } else {
            text
        };
        let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(body.as_bytes());
        let columns: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|c| c.trim().to_owned()).collect(),
            Err(e) => {
                warnings.push(Warning {
                    file: file.into(),
                    row: 0,
                    column: String::new(),
                    message: format!("its header does not read: {e}"),
                });
                return Table { columns: Vec::new(), rows: Vec::new() };
            }
        };
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            match record {
                // Quoted line breaks come as the file wrote them (\r\n on Windows): as \n.
                Ok(r) => rows.push(r.iter().map(|v| v.trim().replace("\r\n", "\n")).collect()),
                Err(e) => warnings.push(Warning {
                    file: file.into(),
                    row: i + 1,
                    column: String::new(),
                    message: format!("the row does not read as CSV ({e}); it is left out"),
                }),
            }
        }
        Table { columns, rows }
    }
}

/// One row, with what of it was used, so that the rest can be named.
struct Row<'a> {
    file: &'a str,
    number: usize,
    columns: &'a [String],
    values: &'a [String],
    used: Vec<&'static str>,
}

impl<'a> Row<'a> {
    /// The value of a column, if the row has it and it is not empty.
    fn get(&mut self, column: &'static str) -> Option<String> {
        self.used.push(column);
        let i = self.columns.iter().position(|c| c.eq_ignore_ascii_case(column))?;
        self.values.get(i).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    }

    /// A date column as JSON Resume writes dates, or a warning and nothing.
    fn date(&mut self, column: &'static str, warnings: &mut Vec<Warning>) -> Option<String> {
        let value = self.get(column)?;
        let read = read_date(&value);
        if read.is_none() {
            warnings.push(self.warning(
                column,
                format!("{value:?} does not read as a date (\"Mar 2021\", \"2021\"); it is left out"),
            ));
        }
        read
    }

    fn warning(&self, column: &str, message: String) -> Warning {
        Warning { file: self.file.into(), row: self.number, column: column.into(), message }
    }

    /// A warning for each column with a value that nothing read.
    fn rest(self, warnings: &mut Vec<Warning>) {
        for (i, column) in self.columns.iter().enumerate() {
            let has_value = self.values.get(i).is_some_and(|v| !v.trim().is_empty());
            if has_value && !self.used.iter().any(|u| u.eq_ignore_ascii_case(column)) {
                warnings.push(self.warning(column, "this column has no place in a resume; it is not imported".into()));
            }
        }
        for extra in self.columns.len()..self.values.len() {
            if !self.values[extra].trim().is_empty() {
                warnings.push(self.warning(
                    &format!("#{}", extra + 1),
                    format!("{:?} is past the last column of the header; it is not imported", self.values[extra]),
                ));
            }
        }
    }
}

/// "Mar 2021", "March 2021", "Mar 15, 2021", "2021", "2021-03", "03/2021" as `2021-03`,
/// `2021-03-15` or `2021`.
fn read_date(text: &str) -> Option<String> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let t = text.trim().trim_end_matches('.');
    let year_ok = |y: &str| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit());
    if year_ok(t) {
        return Some(t.to_owned());
    }
    if let Some((y, m)) = t.split_once('-')
        && year_ok(y)
        && let Ok(m) = m.parse::<u8>()
        && (1..=12).contains(&m)
    {
        return Some(format!("{y}-{m:02}"));
    }
    if let Some((m, y)) = t.split_once('/')
        && year_ok(y)
        && let Ok(m) = m.parse::<u8>()
        && (1..=12).contains(&m)
    {
        return Some(format!("{y}-{m:02}"));
    }
    let words: Vec<&str> = t.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let month = |w: &str| {
        let w = w.to_ascii_lowercase();
        MONTHS
            .iter()
            .position(|m| {
                w.len() >= 3 && m.starts_with(&w[..3]) && (w.len() == 3 || w.chars().all(|c| c.is_ascii_alphabetic()))
            })
            .map(|i| i + 1)
    };
    match words.as_slice() {
        [m, y] if year_ok(y) => month(m).map(|m| format!("{y}-{m:02}")),
        [m, d, y] if year_ok(y) => {
            let m = month(m)?;
            let d: u8 = d.parse().ok().filter(|d| (1..=31).contains(d))?;
            Some(format!("{y}-{m:02}-{d:02}"))
        }
        _ => None,
    }
}

/// A description as LinkedIn members write it: lines that start with "•", "-" or "*" are
/// highlights, the other lines the summary.
fn split_description(text: &str) -> (Option<String>, Vec<String>) {
    let mut summary = Vec::new();
    let mut highlights = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line.strip_prefix(['•', '-', '*', '·', '–']) {
            Some(item) if !item.trim().is_empty() => highlights.push(item.trim().to_owned()),
            _ => summary.push(line.to_owned()),
        }
    }
    ((!summary.is_empty()).then(|| summary.join("\n")), highlights)
}

/// The resume as it is built, section by section.
#[derive(Default)]
struct Import {
    basics: Hash,
    profiles: Vec<Yaml>,
    sections: BTreeMap<&'static str, Vec<Yaml>>,
    courses: Vec<Yaml>,
    warnings: Vec<Warning>,
    files: Vec<String>,
    email_primary: bool,
}

fn s(text: impl Into<String>) -> Yaml {
    Yaml::String(text.into())
}

/// An entry of the given fields, in their order, leaving out the absent ones.
fn entry(fields: Vec<(&str, Option<Yaml>)>) -> Yaml {
    let mut hash = Hash::new();
    for (key, value) in fields {
        if let Some(v) = value {
            hash.insert(s(key), v);
        }
    }
    Yaml::Hash(hash)
}

fn list(items: Vec<String>) -> Option<Yaml> {
    (!items.is_empty()).then(|| Yaml::Array(items.into_iter().map(s).collect()))
}

impl Import {
    fn read(&mut self, file: &'static str, table: &Table) {
        for (i, values) in table.rows.iter().enumerate() {
            let mut row = Row { file, number: i + 1, columns: &table.columns, values, used: Vec::new() };
            if values.iter().all(|v| v.trim().is_empty()) {
                continue;
            }
            let w = &mut self.warnings;
            match file {
                "Profile.csv" => {
                    let name = [row.get("First Name"), row.get("Last Name")]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ");
                    if !name.is_empty() {
                        self.basics.insert(s("name"), s(name));
                    }
                    if let Some(v) = row.get("Headline") {
                        self.basics.insert(s("label"), s(v));
                    }
                    if let Some(v) = row.get("Summary") {
                        self.basics.insert(s("summary"), s(v));
                    }
                    if let Some(place) = row.get("Geo Location") {
                        let mut parts = place.splitn(2, ',').map(str::trim);
                        let city = parts.next().filter(|c| !c.is_empty()).map(s);
                        let region = parts.next().filter(|r| !r.is_empty()).map(s);
                        self.basics.insert(s("location"), entry(vec![("city", city), ("region", region)]));
                    }
                    if let Some(sites) = row.get("Websites") {
                        self.websites(&sites);
                    }
                    if let Some(handles) = row.get("Twitter Handles") {
                        for handle in handles
                            .trim_matches(['[', ']'])
                            .split(',')
                            .map(|h| h.trim().trim_start_matches('@'))
                            .filter(|h| !h.is_empty())
                        {
                            self.profiles.push(entry(vec![
                                ("network", Some(s("X"))),
                                ("username", Some(s(handle))),
                                ("url", Some(s(format!("https://x.com/{handle}")))),
                            ]));
                        }
                    }
                }
                "Email Addresses.csv" => {
                    let address = row.get("Email Address");
                    let primary = row.get("Primary").is_some_and(|p| p.eq_ignore_ascii_case("yes"));
                    let _ = (row.get("Confirmed"), row.get("Updated On"));
                    if let Some(address) = address
                        && (primary || !self.basics.contains_key(&s("email")))
                        && !self.email_primary
                    {
                        self.basics.insert(s("email"), s(address));
                        self.email_primary = primary;
                    }
                }
                "PhoneNumbers.csv" => {
                    let number = row.get("Number");
                    let extension = row.get("Extension");
                    let _ = row.get("Type");
                    if let Some(number) = number
                        && !self.basics.contains_key(&s("phone"))
                    {
                        let phone = match extension {
                            Some(ext) => format!("{number} ext. {ext}"),
                            None => number,
                        };
                        self.basics.insert(s("phone"), s(phone));
                    }
                }
                "Positions.csv" => {
                    let (summary, highlights) =
                        row.get("Description").map(|d| split_description(&d)).unwrap_or_default();
                    let item = entry(vec![
                        ("name", row.get("Company Name").map(s)),
                        ("position", row.get("Title").map(s)),
                        ("location", row.get("Location").map(s)),
                        ("startDate", row.date("Started On", w).map(s)),
                        ("endDate", row.date("Finished On", w).map(s)),
                        ("summary", summary.map(s)),
                        ("highlights", list(highlights)),
                    ]);
                    self.push("work", item);
                }
                "Education.csv" => {
                    let item = entry(vec![
                        ("institution", row.get("School Name").map(s)),
                        ("studyType", row.get("Degree Name").map(s)),
                        ("startDate", row.date("Start Date", w).map(s)),
                        ("endDate", row.date("End Date", w).map(s)),
                    ]);
                    self.push("education", item);
                }
                "Skills.csv" => {
                    if let Some(name) = row.get("Name") {
                        self.push("skills", entry(vec![("name", Some(s(name)))]));
                    }
                }
                "Languages.csv" => {
                    let item =
                        entry(vec![("language", row.get("Name").map(s)), ("fluency", row.get("Proficiency").map(s))]);
                    self.push("languages", item);
                }
                "Certifications.csv" => {
                    let item = entry(vec![
                        ("name", row.get("Name").map(s)),
                        ("date", row.date("Started On", w).map(s)),
                        ("issuer", row.get("Authority").map(s)),
                        ("url", row.get("Url").map(s)),
                    ]);
                    self.push("certificates", item);
                }
                "Projects.csv" => {
                    let (summary, highlights) =
                        row.get("Description").map(|d| split_description(&d)).unwrap_or_default();
                    let item = entry(vec![
                        ("name", row.get("Title").map(s)),
                        ("description", summary.map(s)),
                        ("highlights", list(highlights)),
                        ("url", row.get("Url").map(s)),
                        ("startDate", row.date("Started On", w).map(s)),
                        ("endDate", row.date("Finished On", w).map(s)),
                    ]);
                    self.push("projects", item);
                }
                "Honors.csv" => {
                    let item = entry(vec![
                        ("title", row.get("Title").map(s)),
                        ("date", row.date("Issued On", w).map(s)),
                        ("summary", row.get("Description").map(s)),
                    ]);
                    self.push("awards", item);
                }
                "Publications.csv" => {
                    let item = entry(vec![
                        ("name", row.get("Name").map(s)),
                        ("publisher", row.get("Publisher").map(s)),
                        ("releaseDate", row.date("Published On", w).map(s)),
                        ("url", row.get("Url").map(s)),
                        ("summary", row.get("Description").map(s)),
                    ]);
                    self.push("publications", item);
                }
                "Volunteering.csv" => {
                    let (summary, highlights) =
                        row.get("Description").map(|d| split_description(&d)).unwrap_or_default();
                    let item = entry(vec![
                        ("organization", row.get("Company Name").map(s)),
                        ("position", row.get("Role").map(s)),
                        ("startDate", row.date("Started On", w).map(s)),
                        ("endDate", row.date("Finished On", w).map(s)),
                        ("summary", summary.map(s)),
                        ("highlights", list(highlights)),
                    ]);
                    self.push("volunteer", item);
                }
                "Courses.csv" => {
                    let name = row.get("Name");
                    let number = row.get("Number");
                    if let Some(name) = name {
                        self.courses.push(s(match number {
                            Some(n) => format!("{n} {name}"),
                            None => name,
                        }));
                    }
                }
                _ => {}
            }
            row.rest(&mut self.warnings);
        }
    }

    /// "[PERSONAL:https://a.example,PORTFOLIO:https://b.example]" or one address: the first is
    /// the website, the others profiles named by their kind.
    fn websites(&mut self, text: &str) {
        for site in text.trim_matches(['[', ']']).split(',').map(str::trim).filter(|x| !x.is_empty()) {
            let (kind, url) = match site.split_once(':') {
                Some((kind, rest)) if !rest.starts_with("//") && kind.chars().all(|c| c.is_ascii_alphabetic()) => {
                    (Some(kind), rest.trim())
                }
                _ => (None, site),
            };
            let url = if url.contains("://") { url.to_owned() } else { format!("https://{url}") };
            if !self.basics.contains_key(&s("url")) {
                self.basics.insert(s("url"), s(url));
            } else {
                let network = kind.map(|k| {
                    let lower = k.to_ascii_lowercase();
                    let mut chars = lower.chars();
                    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
                });
                self.profiles.push(entry(vec![("network", network.map(s)), ("url", Some(s(url)))]));
            }
        }
    }

    fn push(&mut self, section: &'static str, item: Yaml) {
        if matches!(&item, Yaml::Hash(h) if !h.is_empty()) {
            self.sections.entry(section).or_default().push(item);
        }
    }

    fn finish(mut self) -> Imported {
        if !self.courses.is_empty() {
            let first = self.sections.get_mut("education").and_then(|e| e.first_mut());
            match first {
                Some(Yaml::Hash(school)) => {
                    school.insert(s("courses"), Yaml::Array(std::mem::take(&mut self.courses)));
                }
                _ => self.warnings.push(Warning {
                    file: "Courses.csv".into(),
                    row: 0,
                    column: "Name".into(),
                    message: "courses belong to a school, and Education.csv has none; they are not imported".into(),
                }),
            }
        }
        if !self.profiles.is_empty() {
            self.basics.insert(s("profiles"), Yaml::Array(std::mem::take(&mut self.profiles)));
        }
        let mut resume = Hash::new();
        if !self.basics.is_empty() {
            resume.insert(s("basics"), Yaml::Hash(self.basics));
        }
        for section in [
            "work",
            "volunteer",
            "education",
            "awards",
            "certificates",
            "publications",
            "skills",
            "languages",
            "projects",
        ] {
            if let Some(items) = self.sections.remove(section) {
                resume.insert(s(section), Yaml::Array(items));
            }
        }
        Imported { resume: Yaml::Hash(resume), warnings: self.warnings, files: self.files }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_linkedin_writes_them() {
        assert_eq!(read_date("Mar 2021").as_deref(), Some("2021-03"));
        assert_eq!(read_date("March 2021").as_deref(), Some("2021-03"));
        assert_eq!(read_date("Sept 2019").as_deref(), Some("2019-09"));
        assert_eq!(read_date("2021").as_deref(), Some("2021"));
        assert_eq!(read_date("Mar 15, 2021").as_deref(), Some("2021-03-15"));
        assert_eq!(read_date("03/2021").as_deref(), Some("2021-03"));
        assert_eq!(read_date("someday"), None);
        assert_eq!(read_date("Foo 2021"), None);
        assert_eq!(read_date("13/2021"), None);
    }

    #[test]
    fn bullets_become_highlights() {
        let (summary, highlights) =
            split_description("Ran the platform.\n• Cut costs 38%\n- Led a migration\n* Mentored four\nMore words.");
        assert_eq!(summary.as_deref(), Some("Ran the platform.\nMore words."));
        assert_eq!(highlights, ["Cut costs 38%", "Led a migration", "Mentored four"]);
    }
}
