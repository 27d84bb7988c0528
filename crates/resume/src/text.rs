//! What every renderer shows the same way, whatever it renders to: a date as a month in the
//! page's language, the length of a job, which addresses may become links, the words of a text
//! written with markup, and the language a resume is shown in.

use crate::{Lang, Resume, markup};

/// `2019-05` and `2019-05-01` read as the month in the page's language; a year alone as is.
pub fn date_label(lang: Lang, value: &str) -> String {
    let mut parts = value.split('-');
    match (parts.next(), parts.next().and_then(|m| m.parse::<usize>().ok())) {
        (Some(year), Some(month)) if (1..=12).contains(&month) => lang.month_year(year, month),
        _ => value.to_owned(),
    }
}

/// The months from `start` to `end` (or to `this_month` when there is no end), counting both, as
/// a reader counts "Jan – Mar 2020" as three months. Only dates that name a month have a
/// length; an end before the start has none.
pub fn months_between(start: Option<&str>, end: Option<&str>, this_month: (i32, u8)) -> Option<u32> {
    fn year_month(date: &str) -> Option<(i32, u8)> {
        let mut parts = date.split('-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok().filter(|m| (1..=12).contains(m))?;
        Some((year, month))
    }
    let (sy, sm) = year_month(start?)?;
    let (ey, em) = match end {
        Some(end) => year_month(end)?,
        None => this_month,
    };
    let months = (i64::from(ey) * 12 + i64::from(em)) - (i64::from(sy) * 12 + i64::from(sm)) + 1;
    u32::try_from(months).ok().filter(|m| *m > 0)
}

/// Only http(s), mailto and tel URLs, and relative addresses (`pdf/resume-fr.pdf`, `#awards`),
/// may become links; and only when they are addresses at all (a template left in,
/// `https://github.com/<name>/`, or words, are shown as text).
pub fn is_safe_url(url: &str) -> bool {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let address_chars = !url.is_empty() && !url.chars().any(|c| c.is_whitespace() || "<>{}|\\^`".contains(c));
    address_chars
        && (["http://", "https://", "mailto:", "tel:"].iter().any(|p| lower.starts_with(p)) || is_relative_link(url))
}

/// A relative address: no scheme, not another host (`//host`), not empty.
pub fn is_relative_link(url: &str) -> bool {
    let url = url.trim();
    let before_path = url.split(['/', '?', '#']).next().unwrap_or("");
    !url.is_empty()
        && !url.starts_with("//")
        && !before_path.contains(':')
        && !url.chars().any(|c| c.is_whitespace() || "<>\"{}|\\^`".contains(c))
}

/// Fields that hold addresses, dates, codes or settings: never markup. (Some of them go into
/// attributes, `href="tel:…"`, where only escaped text may.)
pub const NOT_TEXT: &[&str] = &[
    "url",
    "email",
    "phone",
    "image",
    "startDate",
    "endDate",
    "date",
    "releaseDate",
    "countryCode",
    "postalCode",
    "meta",
];

/// Of those, the ones whose plain text is the value as written (a phone written with markup
/// has words to keep).
pub const KEPT_AS_WRITTEN: &[&str] =
    &["url", "email", "image", "startDate", "endDate", "date", "releaseDate", "countryCode", "postalCode", "meta"];

/// Fields of several paragraphs.
pub const BLOCK_FIELDS: &[&str] = &["summary", "description", "reference"];

/// The resume with each text's markup read as its words (for a plain text, a PDF, a page's
/// description and JSON-LD).
pub fn plain_copy(resume: &Resume) -> Resume {
    fn walk(value: &mut serde_json::Value, key: Option<&str>) {
        match value {
            serde_json::Value::String(text) if !key.is_some_and(|k| KEPT_AS_WRITTEN.contains(&k)) => {
                *text = markup::plain(text);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| walk(v, key)),
            serde_json::Value::Object(map) if key != Some("meta") => {
                map.iter_mut().for_each(|(k, v)| walk(v, Some(k)));
            }
            _ => {}
        }
    }
    let Ok(mut value) = serde_json::to_value(resume) else { return resume.clone() };
    walk(&mut value, None);
    match serde_json::from_value::<Resume>(value) {
        Ok(mut plain) => {
            plain.photo = resume.photo.clone();
            plain.lang = resume.lang;
            plain
        }
        Err(_) => resume.clone(),
    }
}

impl Resume {
    /// The language it is shown in: the one given (`--lang`), else its own declaration
    /// (`meta.lang` or `meta.language`, a BCP 47 tag), else English.
    pub fn page_lang(&self) -> Lang {
        let declared = || {
            let meta = self.meta.as_ref()?;
            let tag = meta.get("lang").or_else(|| meta.get("language"))?.as_str()?;
            Lang::from_tag(tag)
        };
        self.lang.or_else(declared).unwrap_or_default()
    }

    /// Its language as an ISO 639 code (the primary subtag of `meta.lang`, else of the page's
    /// language), as a PDF's `/Lang` and Typst's `lang` want it.
    pub fn language_code(&self) -> String {
        let tag = self.language_tag().unwrap_or(self.page_lang().tag());
        let primary = tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        if (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase()) {
            primary
        } else {
            "en".into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally() {
        assert_eq!(date_label(Lang::En, "2021-03"), "Mar 2021");
        assert_eq!(date_label(Lang::En, "2021-12-31"), "Dec 2021");
        assert_eq!(date_label(Lang::De, "2021-12-31"), "Dez 2021");
        assert_eq!(date_label(Lang::Ja, "2021-12"), "2021年12月");
        assert_eq!(date_label(Lang::En, "2021"), "2021");
    }

    #[test]
    fn job_lengths_count_both_ends() {
        let now = (2026, 11);
        assert_eq!(months_between(Some("2020-01"), Some("2020-03"), now), Some(3));
        assert_eq!(months_between(Some("2020-01-15"), Some("2020-01-20"), now), Some(1));
        assert_eq!(months_between(Some("2019-11"), Some("2022-01"), now), Some(27));
        assert_eq!(months_between(Some("2026-01"), None, now), Some(11));
        assert_eq!(months_between(Some("2020"), Some("2022-01"), now), None);
        assert_eq!(months_between(Some("2020-05"), Some("2019"), now), None);
        assert_eq!(months_between(Some("2020-05"), Some("2020-04"), now), None);
        assert_eq!(months_between(None, Some("2020-04"), now), None);
        assert_eq!(months_between(Some("2027-01"), None, now), None);
    }

    #[test]
    fn only_addresses_with_safe_schemes_are_links() {
        assert!(is_safe_url("https://example.com/a"));
        assert!(is_safe_url("MAILTO:a@b.c"));
        assert!(is_safe_url("pdf/resume-fr.pdf") && is_safe_url("#awards"));
        assert!(!is_safe_url("javascript:alert(1)") && !is_safe_url(" JavaScript:alert(1)"));
        assert!(!is_safe_url("data:text/html,x") && !is_safe_url("//evil.example/x"));
        assert!(!is_safe_url("https://github.com/<name>/") && !is_safe_url("see my LinkedIn"));
    }
}
