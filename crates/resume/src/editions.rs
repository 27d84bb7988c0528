//! One resume in several languages: [`read_editions`] reads every language of a resume, written
//! either way people write them, into one [`Edition`] per language, the default language first.
//!
//! - **Language maps** in one file (`langmap`): each language of the maps is an edition. The
//!   default is `meta.lang`'s language, else `--lang`'s, else the maps' first.
//! - **Sibling files** beside the one `--resume` names, `resume.<tag>.<ext>` or
//!   `resume-<tag>.<ext>` (JSON or YAML), found by themselves ([`siblings`]), or named with
//!   `--resume` given more than once. The file `--resume` names (the first) is the default; its
//!   language is its `meta.lang`, else the tag in its name, else `--lang`'s. A sibling's language
//!   is the tag in its name, else its `meta.lang`. A sibling lacking a field of `basics` that the
//!   default has shows the default's, with a warning.
//!
//! `--langs de,en` keeps those languages only, in that order, the first the default.

use std::path::{Path, PathBuf};

use crate::langmap::{canonical, same_language};
use crate::{LoadError, Problem, Resume};

/// One language of a resume.
#[derive(Debug, Clone)]
pub struct Edition {
    /// Its BCP 47 tag, in BCP 47's case (`de`, `pt-BR`).
    pub tag: String,
    /// The resume in that language (its `meta.lang` the tag, where the file did not say a more
    /// precise one).
    pub resume: Resume,
    /// The file it was read from.
    pub file: PathBuf,
}

impl Edition {
    /// Where its pages are: `""` for the default language (the site's root), else its tag in
    /// lower case and a slash (`de/`, `pt-br/`).
    pub fn folder(&self, default: bool) -> String {
        if default { String::new() } else { format!("{}/", self.tag.to_ascii_lowercase()) }
    }

    /// Its name in itself, as a language switcher shows it (`Deutsch`, `Português (Brasil)`).
    pub fn native_name(&self) -> String {
        crate::lang::native_name(&self.tag)
    }
}

/// What [`read_editions`] read.
#[derive(Debug, Clone)]
pub struct Editions {
    /// Every language, the default first.
    pub editions: Vec<Edition>,
    /// What the reading rules read beyond the schema, each with its file, in the order of the
    /// files, each file's in the order of the file.
    pub warnings: Vec<(PathBuf, Problem)>,
}

/// How a resume in several languages is read.
#[derive(Debug, Clone, Default)]
pub struct LanguageChoice {
    /// The page's language when the files do not say it (`--lang`, as a tag).
    pub lang: Option<String>,
    /// The languages to keep, in this order, the first the default (`--langs`).
    pub langs: Vec<String>,
    /// Look for sibling files beside the first file (on unless the files are given one by one).
    pub siblings: bool,
}

/// Sibling files of `file` (`resume.json` → `resume.de.json`, `resume-pt-BR.yaml`; for a file
/// named with a tag, `resume-en.json`, the others of its family): each with the tag its name
/// says, in the order of their names. Not `file` itself.
pub fn siblings(file: &Path) -> Vec<(String, PathBuf)> {
    let Some(dir) = file.parent().map(|d| if d.as_os_str().is_empty() { Path::new(".") } else { d }) else {
        return Vec::new();
    };
    let Some(name) = file.file_name().and_then(|n| n.to_str()) else { return Vec::new() };
    let family = family_of(name).0;
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut found: Vec<(String, PathBuf)> = entries
        .flatten()
        .filter_map(|entry| {
            let other = entry.file_name().into_string().ok()?;
            if other == name || !entry.path().is_file() {
                return None;
            }
            match family_of(&other) {
                (stem, Some(tag)) if stem == family => Some((tag, entry.path())),
                _ => None,
            }
        })
        .collect();
    found.sort_by(|a, b| a.1.cmp(&b.1));
    found
}

/// Whether `other` is a sibling file of `file` in another language (by its name alone: it
/// need not exist).
pub fn is_sibling(file: &Path, other: &Path) -> bool {
    let name = |p: &Path| p.file_name().and_then(|n| n.to_str()).map(str::to_owned);
    match (name(file), name(other)) {
        (Some(a), Some(b)) if a != b && file.parent() == other.parent() => {
            matches!(family_of(&b), (stem, Some(_)) if stem == family_of(&a).0)
        }
        _ => false,
    }
}

/// A resume file's name as its family and the language tag it names: `resume.pt-BR.json` →
/// (`resume`, `pt-BR`), `cv-de.yaml` → (`cv`, `de`), `resume.json` → (`resume`, none). Only
/// `.json`, `.yaml` and `.yml` files are resumes.
fn family_of(name: &str) -> (String, Option<String>) {
    let Some((stem, ext)) = name.rsplit_once('.') else { return (name.to_owned(), None) };
    if !["json", "yaml", "yml"].contains(&ext.to_ascii_lowercase().as_str()) {
        return (String::new(), None);
    }
    // The longest tag first: `resume-pt-BR` is `resume` in pt-BR, not `resume-pt` in BR.
    for (i, c) in stem.char_indices().filter(|(_, c)| *c == '.' || *c == '-') {
        let (family, tag) = (&stem[..i], &stem[i + c.len_utf8()..]);
        if !family.is_empty() && crate::langmap::is_file_tag(tag) {
            return (family.to_owned(), Some(canonical(tag)));
        }
    }
    (stem.to_owned(), None)
}

/// Reads every language of the resume `files` name (the first the default; with
/// [`LanguageChoice::siblings`], its sibling files too), `strict` as [`crate::read`] is.
pub fn read_editions(files: &[PathBuf], strict: bool, choice: &LanguageChoice) -> Result<Editions, LoadError> {
    let Some(first) = files.first() else {
        return Err(LoadError::Languages { path: PathBuf::new(), message: "no resume file was given".into() });
    };
    let mut named: Vec<(Option<String>, PathBuf)> = vec![(None, first.clone())];
    named.extend(files[1..].iter().map(|f| {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        (family_of(name).1, f.clone())
    }));
    if choice.siblings && files.len() == 1 {
        named.extend(siblings(first).into_iter().map(|(tag, file)| (Some(tag), file)));
    }
    let mut editions: Vec<Edition> = Vec::new();
    let mut warnings = Vec::new();
    for (i, (name_tag, file)) in named.iter().enumerate() {
        let loaded = crate::read(file, strict)?;
        warnings.extend(loaded.warnings.into_iter().map(|w| (file.clone(), w)));
        if i == 0 {
            let from_name = file.file_name().and_then(|n| n.to_str()).and_then(|n| family_of(n).1);
            let declared = loaded.declared_lang.is_some();
            let mut all = vec![loaded.resume];
            all.extend(loaded.translations);
            let maps = all.len() > 1;
            for resume in all {
                // A map's language is its edition's meta.lang (langmap sets it).
                let tag = match resume.language_tag() {
                    Some(tag) => canonical(tag),
                    None => from_name
                        .clone()
                        .or_else(|| choice.lang.as_deref().map(canonical))
                        .unwrap_or_else(|| resume.page_lang().tag().to_owned()),
                };
                editions.push(Edition { tag, resume, file: file.clone() });
            }
            // With maps and no meta.lang in the file, --lang chooses the default among them.
            if maps
                && !declared
                && let Some(lang) = &choice.lang
                && let Some(at) =
                    editions.iter().position(|e| same_language(&e.tag, lang) || same_language(lang, &e.tag))
            {
                let chosen = editions.remove(at);
                editions.insert(0, chosen);
            }
            continue;
        }
        let mut resume = loaded.resume;
        let tag = match name_tag.clone().or_else(|| resume.language_tag().map(canonical)) {
            Some(tag) => tag,
            None => {
                return Err(LoadError::Languages {
                    path: file.clone(),
                    message: "its language is not known: name the file resume.<tag>.json (resume.de.json) or say \
                              it in meta.lang"
                        .into(),
                });
            }
        };
        if let Some(twice) = editions.iter().find(|e| e.tag.eq_ignore_ascii_case(&tag)) {
            return Err(LoadError::Languages {
                path: file.clone(),
                message: format!("is in {tag}, as {} is already: one file per language", twice.file.display()),
            });
        }
        set_language(&mut resume, &tag);
        warnings.extend(fill_basics(&mut resume, &editions[0], &tag).into_iter().map(|w| (file.clone(), w)));
        editions.push(Edition { tag, resume, file: file.clone() });
    }
    if !choice.langs.is_empty() {
        let mut kept = Vec::new();
        for wanted in &choice.langs {
            let Some(at) = editions.iter().position(|e| same_language(&e.tag, wanted) || same_language(wanted, &e.tag))
            else {
                let have: Vec<&str> = editions.iter().map(|e| e.tag.as_str()).collect();
                return Err(LoadError::Languages {
                    path: first.clone(),
                    message: format!(
                        "--langs names {wanted}, which the resume does not have (it has {})",
                        have.join(", ")
                    ),
                });
            };
            kept.push(editions.remove(at));
        }
        editions = kept;
    }
    if strict && !warnings.is_empty() {
        // (read() has refused each file's own readings; what is left is a fallback between files.)
        let (path, _) = &warnings[0];
        let problems = warnings.iter().filter(|(p, _)| p == path).map(|(_, w)| w.clone()).collect();
        return Err(LoadError::Invalid { path: path.clone(), problems, warnings: Vec::new() });
    }
    Ok(Editions { editions, warnings })
}

/// Sets the resume's `meta.lang` to `tag`, unless it says a more precise tag of that language.
fn set_language(resume: &mut Resume, tag: &str) {
    if resume.language_tag().is_some_and(|own| same_language(tag, own)) {
        return;
    }
    let meta = resume.meta.get_or_insert_with(|| serde_json::json!({}));
    if let Some(map) = meta.as_object_mut() {
        map.insert("lang".into(), serde_json::Value::String(tag.to_owned()));
    }
}

/// The default language's fields of `basics` that a sibling file lacks, filled in: a warning
/// for each (the file's line 1, which is where a missing field would go).
fn fill_basics(resume: &mut Resume, default: &Edition, tag: &str) -> Vec<Problem> {
    let (Ok(mut own), Ok(theirs)) =
        (serde_json::to_value(&resume.basics), serde_json::to_value(&default.resume.basics))
    else {
        return Vec::new();
    };
    let mut said = Vec::new();
    if let (Some(own_map), Some(their_map)) = (own.as_object_mut(), theirs.as_object()) {
        for (key, value) in their_map {
            let absent = |v: Option<&serde_json::Value>| {
                v.is_none_or(|v| v.is_null() || v.as_str() == Some("") || v.as_array().is_some_and(Vec::is_empty))
            };
            if absent(own_map.get(key)) && !absent(Some(value)) {
                own_map.insert(key.clone(), value.clone());
                said.push(Problem {
                    path: format!("basics.{key}"),
                    line: 1,
                    column: 1,
                    message: format!(
                        "has no {key}: the {} one ({}) is shown on the {tag} page; add basics.{key} to this file",
                        default.tag,
                        default.file.display()
                    ),
                });
            }
        }
    }
    if let Ok(basics) = serde_json::from_value(own) {
        resume.basics = basics;
    }
    said
}
