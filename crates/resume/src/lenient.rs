//! The reading rules: what people write in real resume files that the JSON Resume schema does
//! not say, read as what it clearly means. Each reading is reported (as a warning, or as an
//! error with `strict`) with the place it was made and what to write instead.
//!
//! - `null` and empty strings are absent fields;
//! - "Present", "now", "current", "heute", "actuel", … as an end date mean an ongoing entry;
//! - dates written `2023-9-28`, `07/2025`, `2025/07` or `7.2025` are the date they spell, and a
//!   day that is not on the calendar (`2024-09-31`) leaves its month;
//! - a URL without a scheme (`github.com/me`) gets `https://`;
//! - a summary or description written as an array of lines is those lines, as paragraphs;
//! - the pre-1.0 field names (`company`, `website`, `picture`, `gpa`) are their 1.0 names.

use serde_json::{Map, Value};

/// Words that, as an end date, mean "still going", compared without case. English, German,
/// French, Spanish, Portuguese, Italian, Dutch, Russian, Chinese, Japanese and Korean.
const ONGOING: &[&str] = &[
    "present",
    "now",
    "current",
    "currently",
    "today",
    "ongoing",
    "till date",
    "to date",
    "heute",
    "aktuell",
    "jetzt",
    "bis heute",
    "actuel",
    "actuellement",
    "aujourd'hui",
    "présent",
    "en cours",
    "actualidad",
    "actual",
    "presente",
    "hoy",
    "atual",
    "atualmente",
    "hoje",
    "oggi",
    "attuale",
    "heden",
    "nu",
    "настоящее время",
    "по настоящее время",
    "сейчас",
    "н.в.",
    "至今",
    "现在",
    "目前",
    "現在",
    "현재",
    "aujourd’hui",
    "ahora",
    "en curso",
    "agora",
    "em curso",
    "laufend",
    "derzeit",
    "till now",
    "until now",
    "up to now",
    "по н.в.",
    "по наст. время",
    "pursuing",
    "in progress",
    "en curso",
];

/// Fields holding a date (JSON Resume's partial ISO 8601 `YYYY`, `YYYY-MM`, `YYYY-MM-DD`).
pub(crate) const DATE_FIELDS: &[&str] = &["startDate", "endDate", "date", "releaseDate"];

/// Fields holding a text that may be written as an array of lines.
const TEXT_FIELDS: &[&str] = &["summary", "description", "reference"];

/// Pre-1.0 names, by the section they belong to: (section, old name, 1.0 name).
const RENAMED: &[(&str, &str, &str)] = &[
    ("basics", "website", "url"),
    ("basics", "picture", "image"),
    ("work", "company", "name"),
    ("work", "website", "url"),
    ("volunteer", "website", "url"),
    ("education", "gpa", "score"),
    ("publications", "website", "url"),
    ("projects", "website", "url"),
];

/// Other names people give a field, by section: (section, name written, JSON Resume's name).
const OTHER_NAMES: &[(&str, &str, &str)] = &[
    ("basics", "title", "label"),
    ("basics", "photo", "image"),
    ("basics", "mail", "email"),
    ("basics", "telephone", "phone"),
    ("basics", "about", "summary"),
    ("work", "employer", "name"),
    ("work", "organization", "name"),
    ("work", "title", "position"),
    ("work", "role", "position"),
    ("work", "from", "startDate"),
    ("work", "to", "endDate"),
    ("work", "start", "startDate"),
    ("work", "end", "endDate"),
    ("work", "achievements", "highlights"),
    ("volunteer", "from", "startDate"),
    ("volunteer", "to", "endDate"),
    ("volunteer", "title", "position"),
    ("volunteer", "role", "position"),
    ("education", "school", "institution"),
    ("education", "university", "institution"),
    ("education", "college", "institution"),
    ("education", "degree", "studyType"),
    ("education", "major", "area"),
    ("education", "field", "area"),
    ("education", "grade", "score"),
    ("education", "from", "startDate"),
    ("education", "to", "endDate"),
    ("projects", "title", "name"),
    ("projects", "from", "startDate"),
    ("projects", "to", "endDate"),
    ("awards", "name", "title"),
    ("certificates", "title", "name"),
    ("certificates", "authority", "issuer"),
    ("publications", "title", "name"),
    ("languages", "name", "language"),
    ("languages", "level", "fluency"),
    ("languages", "proficiency", "fluency"),
    ("basics", "homepage", "url"),
    ("basics", "site", "url"),
    ("basics", "web", "url"),
    ("basics", "headline", "label"),
    ("basics", "jobTitle", "label"),
    ("basics", "mobile", "phone"),
    ("basics", "tel", "phone"),
    ("basics", "avatar", "image"),
    ("work", "bullets", "highlights"),
    ("work", "responsibilities", "highlights"),
    ("work", "duties", "highlights"),
    ("work", "tasks", "highlights"),
    ("work", "accomplishments", "highlights"),
    ("work", "link", "url"),
    ("work", "jobTitle", "position"),
    ("work", "job", "position"),
    ("work", "city", "location"),
    ("volunteer", "name", "organization"),
    ("volunteer", "company", "organization"),
    ("volunteer", "bullets", "highlights"),
    ("volunteer", "link", "url"),
    ("education", "name", "institution"),
    ("education", "link", "url"),
    ("education", "website", "url"),
    ("education", "subject", "area"),
    ("education", "classes", "courses"),
    ("projects", "link", "url"),
    ("projects", "repo", "url"),
    ("projects", "repository", "url"),
    ("projects", "bullets", "highlights"),
    ("projects", "role", "roles"),
    ("projects", "technologies", "keywords"),
    ("projects", "tech", "keywords"),
    ("projects", "stack", "keywords"),
    ("projects", "tags", "keywords"),
    ("awards", "rank", "title"),
    ("awards", "text", "title"),
    ("awards", "year", "date"),
    ("awards", "issuer", "awarder"),
    ("awards", "description", "summary"),
    ("certificates", "year", "date"),
    ("certificates", "link", "url"),
    ("certificates", "organization", "issuer"),
    ("publications", "date", "releaseDate"),
    ("publications", "year", "releaseDate"),
    ("publications", "link", "url"),
    ("publications", "description", "summary"),
    ("skills", "category", "name"),
    ("skills", "label", "name"),
    ("skills", "items", "keywords"),
    ("skills", "list", "keywords"),
    ("skills", "tools", "keywords"),
    ("interests", "items", "keywords"),
    ("languages", "lang", "language"),
];

/// Other names people give a section: (name written, JSON Resume's name).
const OTHER_SECTIONS: &[(&str, &str)] = &[
    ("experience", "work"),
    ("experiences", "work"),
    ("workExperience", "work"),
    ("works", "work"),
    ("employment", "work"),
    ("jobs", "work"),
    ("educations", "education"),
    ("schools", "education"),
    ("project", "projects"),
    ("certifications", "certificates"),
    ("honors", "awards"),
    ("honours", "awards"),
    ("volunteering", "volunteer"),
    ("skill", "skills"),
    ("language", "languages"),
    ("publication", "publications"),
    ("interest", "interests"),
    ("reference", "references"),
    ("workHistory", "work"),
    ("work_experience", "work"),
    ("professionalExperience", "work"),
    ("positions", "work"),
    ("studies", "education"),
    ("academics", "education"),
    ("achievements", "awards"),
    ("accomplishments", "awards"),
    ("certs", "certificates"),
    ("licenses", "certificates"),
    ("langs", "languages"),
    ("spokenLanguages", "languages"),
    ("hobbies", "interests"),
    ("volunteerWork", "volunteer"),
    ("portfolio", "projects"),
];

/// Reads `value` by the rules above, in place, and says what it read: (JSON pointer of the
/// place in the file, sentence) for each reading.
pub fn read(value: &mut Value) -> Said {
    let mut said = Said::default();
    if let Value::Object(map) = value {
        rename_sections(map, &mut said);
        crate::reshape::top(map, &mut said);
        walk_object(map, "", None, &mut said);
        crate::reshape::unshown(map, &mut said);
    }
    said
}

/// Sections under other names: `experience` for `work`, …
fn rename_sections(map: &mut Map<String, Value>, out: &mut Said) {
    for &(written, name) in OTHER_SECTIONS {
        if map.get(written).is_some_and(|v| !is_absent(v)) && map.get(name).is_none_or(is_absent) {
            let moved = map.remove(written).unwrap_or(Value::Null);
            map.insert(name.to_owned(), moved);
            out.say(
                &format!("/{}", escape(written)),
                format!("\"{written}\" read as the section \"{name}\", JSON Resume's name for it: rename it"),
            );
            out.moved(format!("/{}", escape(name)), &format!("/{}", escape(written)));
        }
    }
}

/// The date `s` spells, in JSON Resume's form (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), when it spells
/// one on the calendar.
pub(crate) fn canonical_date(s: &str) -> Option<String> {
    let s = s.trim();
    let (year, month, day) = spelled_date(s)?;
    Some(match (month, day) {
        (None, _) => format!("{year:04}"),
        (Some(m), None) => format!("{year:04}-{m:02}"),
        (Some(m), Some(d)) => {
            on_calendar(year, m, d).ok()?;
            format!("{year:04}-{m:02}-{d:02}")
        }
    })
}

/// Whether `key` is a name other than JSON Resume's for a field of `section`'s entries.
pub(crate) fn is_other_name(section: &str, key: &str) -> bool {
    RENAMED.iter().chain(OTHER_NAMES).any(|&(s, old, _)| s == section && old == key)
}

/// Whether `key` names a section at the top of a resume, under JSON Resume's name or another.
pub(crate) fn is_section_name(key: &str) -> bool {
    crate::reshape::is_section(key) || OTHER_SECTIONS.iter().any(|&(other, _)| other == key)
}

/// Whether `s` is a word for "still going".
pub(crate) fn is_ongoing(s: &str) -> bool {
    let lower = s.trim().to_lowercase();
    ONGOING.contains(&lower.as_str()) || ONGOING.contains(&lower.trim_end_matches('.'))
}

/// What the reading rules read, and where they moved what.
#[derive(Debug, Default)]
pub struct Said {
    /// (JSON pointer of the place in the file, sentence), for each reading.
    pub readings: Vec<(String, String)>,
    /// (pointer in the value read, pointer in the file) for each section or field read under its
    /// JSON Resume name: `/work` was written `/experience`.
    pub renames: Vec<(String, String)>,
}

impl Said {
    /// Where a place of the value read is written in the file.
    pub fn in_file(&self, pointer: &str) -> String {
        map_prefix(pointer, self.renames.iter().map(|(v, f)| (v.as_str(), f.as_str())))
    }

    /// Says `sentence` of a place of the value read (it is given at the file's place).
    pub(crate) fn say(&mut self, pointer: &str, sentence: impl Into<String>) {
        let in_file = self.in_file(pointer);
        self.readings.push((in_file, sentence.into()));
    }

    /// Notes that what is now at `pointer` of the value read was at `was` (a place of the value
    /// read as it was, before the move).
    pub(crate) fn moved(&mut self, pointer: impl Into<String>, was: &str) {
        let in_file = self.in_file(was);
        self.renames.push((pointer.into(), in_file));
    }
}

/// `pointer` with the longest of `pairs`' first pointers that it starts with (segment by
/// segment) replaced by the second.
fn map_prefix<'a>(pointer: &str, pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let best = pairs
        .filter(|(from, _)| pointer == *from || pointer.starts_with(&format!("{from}/")))
        .max_by_key(|(from, _)| from.len());
    match best {
        Some((from, to)) => format!("{to}{}", &pointer[from.len()..]),
        None => pointer.to_owned(),
    }
}

/// A key as a segment of a JSON pointer.
pub(crate) fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// `section` is the top-level section an object belongs to (`basics`, `work`, …).
fn walk_object(map: &mut Map<String, Value>, pointer: &str, section: Option<&str>, out: &mut Said) {
    // The section's own object: `basics`, or one entry of a list section such as `work[2]`.
    let depth = pointer.matches('/').count();
    let entry = match section {
        Some("basics") => depth == 1,
        Some(_) => depth == 2,
        None => false,
    };
    if let (true, Some(section)) = (entry, section) {
        crate::reshape::entry(section, map, pointer, out);
        let renames = RENAMED.iter().map(|r| (r, true)).chain(OTHER_NAMES.iter().map(|r| (r, false)));
        for (&(_, old, new), pre_1_0) in renames.filter(|((s, _, _), _)| *s == section) {
            let old_given = map.get(old).is_some_and(|v| !is_absent(v));
            let new_given = map.get(new).is_some_and(|v| !is_absent(v));
            if old_given && !new_given {
                if let Some(empty) = map.remove(new) {
                    out.say(
                        &format!("{pointer}/{}", escape(new)),
                        format!("{}, read as absent; leave the field out", describe_absent(&empty)),
                    );
                }
                let moved = map.remove(old).unwrap_or(Value::Null);
                let sentence = if pre_1_0 {
                    format!("\"{old}\" is the pre-1.0 name of \"{new}\"; read as {new}: rename it")
                } else {
                    format!("\"{old}\" read as \"{new}\", JSON Resume's name for it: rename it")
                };
                out.say(&format!("{pointer}/{}", escape(old)), sentence);
                map.insert(new.to_owned(), moved);
                out.moved(format!("{pointer}/{}", escape(new)), &format!("{pointer}/{}", escape(old)));
            }
        }
    }
    let keys: Vec<String> = map.keys().cloned().collect();
    for key in keys {
        let here = format!("{pointer}/{}", escape(&key));
        let child_section = section.or(if pointer.is_empty() { Some(key.as_str()) } else { None });
        let Some(child) = map.get_mut(&key) else { continue };
        match read_field(&key, child) {
            Reading::Keep => {}
            Reading::Absent(sentence) => {
                out.say(&here, sentence);
                map.remove(&key);
                continue;
            }
            Reading::Replace(new, sentence) => {
                out.say(&here, sentence);
                *child = new;
            }
        }
        if let Some(child) = map.get_mut(&key) {
            walk(child, &here, child_section, out);
        }
    }
}

fn walk(value: &mut Value, pointer: &str, section: Option<&str>, out: &mut Said) {
    match value {
        Value::Object(map) => walk_object(map, pointer, section, out),
        Value::Array(items) => {
            let mut kept = Vec::with_capacity(items.len());
            for (i, mut item) in std::mem::take(items).into_iter().enumerate() {
                let here = format!("{pointer}/{i}");
                if is_absent(&item) {
                    out.say(&here, format!("{} in a list, left out", describe_absent(&item)));
                    continue;
                }
                if let Some(why) = crate::reshape::left_out(&item) {
                    out.say(&here, why);
                    continue;
                }
                // Its place in the value read, once what is left out before it is gone.
                let now = format!("{pointer}/{}", kept.len());
                if now != here {
                    out.moved(now.clone(), &here);
                }
                walk(&mut item, &now, section, out);
                kept.push(item);
            }
            *items = kept;
        }
        _ => {}
    }
}

enum Reading {
    Keep,
    Absent(String),
    Replace(Value, String),
}

fn is_absent(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn describe_absent(value: &Value) -> &'static str {
    if value.is_null() { "null" } else { "an empty string" }
}

/// What people write in a field to fill it in later, compared without case.
const PLACEHOLDERS: &[&str] = &["todo", "tbd", "tba", "n/a", "xxx", "lorem ipsum", "-", "–", "—", "...", "…"];

/// Whether `s` only holds the place of a text to come ("TODO", "TBD", "N/A", …).
pub(crate) fn is_placeholder(s: &str) -> bool {
    PLACEHOLDERS.contains(&s.trim().to_lowercase().as_str())
}

fn read_field(key: &str, value: &Value) -> Reading {
    if is_absent(value) {
        return Reading::Absent(format!("{}, read as absent; leave the field out", describe_absent(value)));
    }
    if let Value::String(s) = value
        && is_placeholder(s)
    {
        return Reading::Absent(format!(
            "\"{s}\" holds the place of a text to come; read as absent: fill it in or leave it out"
        ));
    }
    match value {
        Value::String(s) if DATE_FIELDS.contains(&key) => read_date(key, s.trim()),
        // `startDate: 2019` in YAML (or JSON) is a number; a year is what was meant.
        Value::Number(n) if DATE_FIELDS.contains(&key) && n.as_u64().is_some_and(|y| (1000..=9999).contains(&y)) => {
            Reading::Replace(
                Value::String(n.to_string()),
                format!("{n} is a number; read as the year \"{n}\": write it as text, in quotes"),
            )
        }
        Value::String(s) if is_url_field(key) => match with_scheme(s.trim()) {
            Some(url) => Reading::Replace(
                Value::String(url.clone()),
                format!("\"{s}\" has no scheme; read as {url}: write the whole address"),
            ),
            None => Reading::Keep,
        },
        Value::Array(lines) if TEXT_FIELDS.contains(&key) && lines.iter().all(Value::is_string) => {
            let text = lines.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n");
            Reading::Replace(
                Value::String(text),
                format!("{key} is an array of lines; read as paragraphs: write one string with line breaks"),
            )
        }
        _ => Reading::Keep,
    }
}

/// Only `url` fields: an `image` may name a file next to the resume (`me.jpg`).
fn is_url_field(key: &str) -> bool {
    key == "url"
}

/// `github.com/me` → `https://github.com/me`: a host name with a dot and no spaces, no scheme.
fn with_scheme(s: &str) -> Option<String> {
    let has_scheme = s.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    let host = s.trim_start_matches("//").split(['/', '?', '#']).next().unwrap_or("");
    // `index-fr.html` or `resume.pdf` is a file beside the page (a relative link), not a host.
    const FILE_ENDINGS: &[&str] = &[
        "html", "htm", "pdf", "json", "yaml", "yml", "txt", "png", "jpg", "jpeg", "gif", "svg", "webp", "doc", "docx",
    ];
    let ending = host.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let looks_like_host = host.contains('.')
        && !host.starts_with('.')
        && !FILE_ENDINGS.contains(&ending.as_str())
        && host.chars().all(|c| c.is_alphanumeric() || ".-:".contains(c));
    if has_scheme || !looks_like_host || s.contains(char::is_whitespace) {
        return None;
    }
    Some(format!("https://{}", s.trim_start_matches("//")))
}

fn read_date(key: &str, s: &str) -> Reading {
    let lower = s.to_lowercase();
    if key == "endDate" && (ONGOING.contains(&lower.as_str()) || ONGOING.contains(&lower.trim_end_matches('.'))) {
        return Reading::Absent(format!("\"{s}\" read as ongoing; leave endDate out to say so"));
    }
    let Some((year, month, day)) = spelled_date(s) else { return Reading::Keep };
    let canonical = match (month, day) {
        (None, _) => format!("{year:04}"),
        (Some(m), None) => format!("{year:04}-{m:02}"),
        (Some(m), Some(d)) => match on_calendar(year, m, d) {
            Ok(()) => format!("{year:04}-{m:02}-{d:02}"),
            Err(last) => {
                let month_date = format!("{year:04}-{m:02}");
                return Reading::Replace(
                    Value::String(month_date.clone()),
                    format!("\"{s}\" is not a real date (that month has days 1 to {last}); read as {month_date}"),
                );
            }
        },
    };
    if canonical == s {
        return Reading::Keep;
    }
    Reading::Replace(
        Value::String(canonical.clone()),
        format!("\"{s}\" read as {canonical}; write dates as YYYY-MM-DD, YYYY-MM or YYYY"),
    )
}

/// The (year, month, day) a date string spells in one of the ways people write it, when the
/// month and day are in range; None when it spells none (it is then shown as written).
///
/// Numbers: `2023-9-28`, `2023-9`, `2025/07`, `2017/10/11`, `07/2025`, `7.2025`, `28.09.2023`,
/// and `28/09/2023` or `09/28/2023` where the day is over 12 (else which is the month is not
/// known). Words: a month's name in any of the page's languages, full or abbreviated, with or
/// without a dot, with the year and perhaps a day, in any order ("August 2021", "Aug. 2011",
/// "1 August 2021", "August 1st, 2021", "Septembre 2021", "septiembre de 2021", "Dezember
/// 2024", "1. Dezember 2024"); and the CJK way, `2019年5月`, `2019년 5월`.
fn spelled_date(s: &str) -> Option<(u32, Option<u32>, Option<u32>)> {
    numeric_date(s).or_else(|| cjk_date(s)).or_else(|| worded_date(s)).filter(|&(_, m, d)| {
        m.is_none_or(|m| (1..=12).contains(&m))
            && d.is_none_or(|d| (1..=31).contains(&d))
            && (d.is_none() || m.is_some())
    })
}

fn number(p: &str) -> Option<u32> {
    (!p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit())).then(|| p.parse().ok()).flatten()
}

fn year(p: &str) -> Option<u32> {
    number(p).filter(|y| p.len() == 4 && (1000..=2999).contains(y))
}

fn numeric_date(s: &str) -> Option<(u32, Option<u32>, Option<u32>)> {
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let small = |p: &str| p.len() <= 2;
    Some(match parts.as_slice() {
        [y] => (year(y)?, None, None),
        // ISO order, unpadded: 2023-9, 2023-9-28, 2025/07, 2017/10/11, 2023.09.28
        [y, m] if year(y).is_some() && small(m) => (year(y)?, Some(number(m)?), None),
        [y, m, d] if year(y).is_some() && small(m) && small(d) => (year(y)?, Some(number(m)?), Some(number(d)?)),
        // Month first: 07/2025, 7.2025, 07-2025
        [m, y] if year(y).is_some() && small(m) => (year(y)?, Some(number(m)?), None),
        // Day first with dots, the European way: 28.09.2023
        [d, m, y] if year(y).is_some() && small(d) && small(m) && s.contains('.') => {
            (year(y)?, Some(number(m)?), Some(number(d)?))
        }
        // Slashes or hyphens, day and month in either order: only where one of them is over 12.
        [a, b, y] if year(y).is_some() && small(a) && small(b) => {
            let (a, b) = (number(a)?, number(b)?);
            match (a > 12, b > 12) {
                (true, false) => (year(y)?, Some(b), Some(a)),
                (false, true) => (year(y)?, Some(a), Some(b)),
                _ => return None,
            }
        }
        _ => return None,
    })
}

fn cjk_date(s: &str) -> Option<(u32, Option<u32>, Option<u32>)> {
    let (y, rest) = s.split_once(['年', '년'])?;
    let y = year(y.trim())?;
    let rest = rest.trim();
    if rest.is_empty() {
        return Some((y, None, None));
    }
    let (m, rest) = rest.split_once(['月', '월'])?;
    let m = number(m.trim())?;
    let rest = rest.trim();
    if rest.is_empty() {
        return Some((y, Some(m), None));
    }
    let d = number(rest.trim_end_matches(['日', '일']).trim())?;
    Some((y, Some(m), Some(d)))
}

/// Words that may stand between a month's name, its day and its year ("septiembre de 2021",
/// "the 1st of August").
const DATE_FILLERS: &[&str] = &["de", "del", "of", "the", "le", "du", "den", "im", "em", "в", "г", "года"];

fn worded_date(s: &str) -> Option<(u32, Option<u32>, Option<u32>)> {
    let (mut y, mut m, mut d) = (None, None, None);
    for token in s.split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/').filter(|t| !t.is_empty()) {
        let bare = token.trim_end_matches('.');
        if let Some(found) = year(bare) {
            if y.replace(found).is_some() {
                return None;
            }
        } else if let Some(found) = crate::lang::month_named(bare) {
            if m.replace(found).is_some() {
                return None;
            }
        } else if let Some(found) = number(bare.trim_end_matches(|c: char| c.is_alphabetic())) {
            // 1, 1st, 2nd, 23rd, 1er, 1.
            let suffix = &bare[bare.find(|c: char| c.is_alphabetic()).unwrap_or(bare.len())..];
            if !["", "st", "nd", "rd", "th", "er", "º"].contains(&suffix) || d.replace(found).is_some() {
                return None;
            }
        } else if !DATE_FILLERS.contains(&bare.to_lowercase().as_str()) {
            return None;
        }
    }
    Some((y?, Some(m?), d))
}

/// Ok when the day exists in that month, else the month's last day.
fn on_calendar(year: u32, month: u32, day: u32) -> Result<(), u8> {
    let month = time::Month::try_from(u8::try_from(month).map_err(|_| 0)?).map_err(|_| 0)?;
    let last = month.length(i32::try_from(year).map_err(|_| 0)?);
    if day >= 1 && day <= u32::from(last) { Ok(()) } else { Err(last) }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn readings(mut value: Value) -> (Value, Vec<String>) {
        let said = read(&mut value);
        (value, said.readings.into_iter().map(|(p, s)| format!("{p}: {s}")).collect())
    }

    #[test]
    fn dates_as_people_write_them() {
        for (written, read_as) in [
            ("2023-9-28", "2023-09-28"),
            ("2023-9", "2023-09"),
            ("07/2025", "2025-07"),
            ("7.2025", "2025-07"),
            ("2025/07", "2025-07"),
            ("2024-09-31", "2024-09"),
            ("2019", "2019"),
            ("2019-05-01", "2019-05-01"),
        ] {
            let (value, said) = readings(json!({"work": [{"startDate": written}]}));
            assert_eq!(value["work"][0]["startDate"], read_as, "{written}");
            assert_eq!(said.len(), usize::from(written != read_as), "{written}: {said:?}");
        }
        // What spells no date is left for the schema to report.
        for nonsense in ["2019-13", "13/2019", "yesterday", "20190", "2019-02-30-1"] {
            let (value, said) = readings(json!({"work": [{"startDate": nonsense}]}));
            assert_eq!(value["work"][0]["startDate"], nonsense);
            assert!(said.is_empty(), "{nonsense}: {said:?}");
        }
    }

    #[test]
    fn placeholders_are_absent_and_words_like_them_are_not() {
        for placeholder in ["TODO", "tbd", "TBA", "N/A", "xxx", "Lorem ipsum", "-", "–", "—", "...", "…"] {
            let (value, said) = readings(json!({"basics": {"phone": placeholder}}));
            assert_eq!(value["basics"].get("phone"), None, "{placeholder}");
            assert!(said[0].contains("holds the place of a text to come"), "{said:?}");
        }
        for word in ["Todos Santos", "NA", "x", "-5 %"] {
            let (value, _) = readings(json!({"basics": {"phone": word}}));
            assert_eq!(value["basics"]["phone"], word);
        }
    }

    #[test]
    fn ongoing_words_end_nothing() {
        for word in ["Present", "now", "NOW", "current", "heute", "Actuel", "至今", "현재", "настоящее время"]
        {
            let (value, said) = readings(json!({"work": [{"name": "A", "endDate": word}]}));
            assert!(value["work"][0].get("endDate").is_none(), "{word}");
            assert!(said[0].contains("read as ongoing; leave endDate out"), "{said:?}");
        }
        // Only as an end date.
        let (value, _) = readings(json!({"work": [{"startDate": "Present"}]}));
        assert_eq!(value["work"][0]["startDate"], "Present");
    }

    #[test]
    fn absent_values_and_old_names() {
        let (value, said) = readings(json!({
            "basics": {"name": "A", "email": "", "website": "example.com", "picture": null},
            "work": [{"company": "Acme", "website": "acme.example", "url": ""}, null],
            "education": [{"gpa": "3.9"}]
        }));
        assert_eq!(
            value,
            json!({
                "basics": {"name": "A", "url": "https://example.com"},
                "work": [{"name": "Acme", "url": "https://acme.example"}],
                "education": [{"score": "3.9"}]
            })
        );
        assert_eq!(said.len(), 10, "{said:#?}");
        assert!(said.iter().any(|s| s.starts_with("/work/0/company: \"company\" is the pre-1.0 name of \"name\"")));
        assert!(said.iter().any(|s| s == "/work/1: null in a list, left out"));
    }

    #[test]
    fn urls_get_a_scheme_only_when_they_clearly_lack_one() {
        assert_eq!(with_scheme("github.com/me").as_deref(), Some("https://github.com/me"));
        assert_eq!(with_scheme("//cdn.example/x").as_deref(), Some("https://cdn.example/x"));
        for kept in [
            "https://a.example",
            "mailto:a@b.example",
            "not a url",
            "localhost",
            "/relative/path",
            "photo.jpg x",
            "index-fr.html",
            "pdf/resume-fr.pdf",
        ] {
            assert_eq!(with_scheme(kept), None, "{kept}");
        }
    }

    #[test]
    fn lines_become_paragraphs() {
        let (value, said) = readings(json!({"basics": {"summary": ["One.", "Two."]}}));
        assert_eq!(value["basics"]["summary"], "One.\nTwo.");
        assert_eq!(said.len(), 1);
    }
}
