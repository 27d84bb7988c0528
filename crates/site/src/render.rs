use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use minijinja::{Environment, Value, context};
use serde_json::json;
use sha2::{Digest, Sha256};

use resume::text::{BLOCK_FIELDS, KEPT_AS_WRITTEN, NOT_TEXT, date_label, is_safe_url, plain_copy};
use resume::{Edition, Lang, Phrases, Resume, markup};
use theme::{THEME_FILES, Theme};

/// One file of the rendered site, at a `/`-separated path relative to the site root.
#[derive(Debug, Clone)]
pub struct SiteFile {
    /// Its path, `/`-separated, relative to the site root (`assets/site.1a2b3c4d.css`).
    pub path: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// A rendered site, ready to write out or upload.
#[derive(Debug, Clone)]
pub struct Site {
    /// Every file of the site.
    pub files: Vec<SiteFile>,
}

/// Why a site could not be rendered or written. Each message names the file.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template did not parse or render.
    #[error("the template {name} failed: {source:#}")]
    Template {
        /// The template's file name.
        name: String,
        /// What minijinja said, with the line.
        source: minijinja::Error,
    },
    /// The theme did not load.
    #[error(transparent)]
    Theme(#[from] theme::ThemeError),
    /// The folder for a build holds files that no build wrote: it is left alone.
    #[error(
        "{} is not empty and was not written by `cloud-resume build`; choose an empty or new folder for --out",
        path.display()
    )]
    NotABuild {
        /// The folder.
        path: PathBuf,
    },
    /// A file of the site could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

const COUNTER_JS: &str = include_str!("../assets/counter.js");
const STATS_JS: &str = include_str!("../assets/stats.js");
const FAVICON: &str = include_str!("../assets/favicon.svg");

/// Renders the resume with a theme; an ongoing job's length runs to this month (UTC).
pub fn render(resume: &Resume, theme: &Theme) -> Result<Site, RenderError> {
    let today = time::OffsetDateTime::now_utc().date();
    render_on(resume, theme, today)
}

/// Renders the resume as on `today`, the day an ongoing job's length runs to.
pub fn render_on(resume: &Resume, theme: &Theme, today: time::Date) -> Result<Site, RenderError> {
    render_with(resume, theme, today, Extras::default())
}

/// What the site holds besides what the renderer writes, for the page to link to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extras {
    /// The site also has `resume.pdf` (`build --pdf`): the page offers it for download.
    pub pdf: bool,
}

/// Renders the resume as on `today`, linking to the `extras` the site will also hold.
pub fn render_with(resume: &Resume, theme: &Theme, today: time::Date, extras: Extras) -> Result<Site, RenderError> {
    let tag = resume.language_tag().unwrap_or(resume.page_lang().tag()).to_owned();
    let edition = Edition { tag, resume: resume.clone(), file: Default::default() };
    render_editions(std::slice::from_ref(&edition), theme, today, extras)
}

/// Renders every language of a resume as on `today`: the first (the default) at the site's
/// root, each other in the folder of its tag (`de/`, `pt-br/`): its page, statistics page and
/// `resume.txt`, in its words, with `hreflang` alternates and a switcher on every page when there
/// are several. The assets, the favicon, `robots.txt` and `404.html` (in the default language)
/// are the site's, once.
pub fn render_editions(
    editions: &[Edition],
    theme: &Theme,
    today: time::Date,
    extras: Extras,
) -> Result<Site, RenderError> {
    let css = theme.get("site.css").as_bytes();
    let assets = [
        ("css", hashed("assets/site", "css", css), css.to_vec()),
        ("counter_js", hashed("assets/counter", "js", COUNTER_JS.as_bytes()), COUNTER_JS.as_bytes().to_vec()),
        ("stats_js", hashed("assets/stats", "js", STATS_JS.as_bytes()), STATS_JS.as_bytes().to_vec()),
    ];
    let asset_names: BTreeMap<&str, Value> =
        assets.iter().map(|(key, name, _)| (*key, Value::from_safe_string(format!("/{name}")))).collect();
    let Some(default) = editions.first() else { return Ok(Site { files: Vec::new() }) };
    // The site's root address, if the resume says it: the languages' addresses hang from it.
    let root = canonical_url(&default.resume);
    let several = editions.len() > 1;
    let languages: Vec<serde_json::Value> = if several {
        editions
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let folder = e.folder(i == 0);
                json!({
                    "tag": e.tag,
                    "name": e.native_name(),
                    "href": format!("/{folder}"),
                    "url": root.as_ref().map(|r| format!("{}/{folder}", r.trim_end_matches('/'))),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let photo = default.resume.photo.as_ref().map(|p| (hashed("assets/photo", p.ext, &p.bytes), p.bytes.clone()));
    let mut files = Vec::new();
    for (i, edition) in editions.iter().enumerate() {
        let folder = edition.folder(i == 0);
        let resume = &edition.resume;
        let lang = resume.page_lang();
        let mut env = environment(theme, lang, today)?;
        // The pages show markup rendered and sanitised; the plain text, the page's description and
        // its JSON-LD have the words alone.
        let plain = plain_copy(resume);
        let resume_json = serde_json::to_value(resume).unwrap_or_default();
        // A language's pages are canonical at their own folder.
        let canonical = match (&root, i) {
            (Some(root), 0) => Some(root.clone()),
            (Some(root), _) => Some(format!("{}/{folder}", root.trim_end_matches('/'))),
            (None, _) => canonical_url(resume)
                .map(|own| if i == 0 { own } else { format!("{}/{folder}", own.trim_end_matches('/')) }),
        };
        let here: Vec<serde_json::Value> = languages
            .iter()
            .enumerate()
            .map(|(j, l)| {
                let mut l = l.clone();
                l["current"] = json!(i == j);
                l
            })
            .collect();
        let ctx = context! {
            resume => marked(&resume_json, None),
            head => minijinja::value::Serde(&plain.basics),
            assets => asset_names.clone(),
            json_ld => Value::from_safe_string(json_ld(&plain)),
            canonical => canonical,
            photo => photo.as_ref().map(|(name, _)| Value::from_safe_string(format!("/{name}"))),
            lang => if several { edition.tag.clone() } else { lang.tag().to_owned() },
            home => Value::from_safe_string(format!("/{folder}")),
            page_languages => minijinja::value::Serde(&here),
            t => minijinja::value::Serde(lang.words()),
            counter_words => minijinja::value::Serde(counter_words(lang)),
            pdf => extras.pdf,
            theme => theme.name(),
        };
        // What the macros of `parts.html` use, which see globals but not the page's context.
        for key in ["t", "lang", "photo", "pdf", "counter_words", "theme", "home", "page_languages"] {
            if let Some(value) = ctx.get_attr(key).ok().filter(|v| !v.is_undefined()) {
                env.add_global(key, value);
            }
        }
        let text_ctx = context! { resume => minijinja::value::Serde(&plain), ..ctx.clone() };
        let page = |name: &str| -> Result<Vec<u8>, RenderError> {
            let ctx = if name.ends_with(".txt") { &text_ctx } else { &ctx };
            env.get_template(name)
                .and_then(|t| t.render(ctx))
                .map(String::into_bytes)
                .map_err(|source| RenderError::Template { name: name.into(), source })
        };
        files.push(SiteFile { path: format!("{folder}index.html"), bytes: page("index.html")? });
        files.push(SiteFile { path: format!("{folder}stats.html"), bytes: page("stats.html")? });
        files.push(SiteFile {
            path: format!("{folder}resume.txt"),
            bytes: tidy_text(&page("resume.txt")?).into_bytes(),
        });
        if i == 0 {
            files.push(SiteFile { path: "404.html".into(), bytes: page("404.html")? });
            files.push(SiteFile { path: "favicon.svg".into(), bytes: FAVICON.as_bytes().to_vec() });
            files.push(SiteFile { path: "robots.txt".into(), bytes: b"User-agent: *\nAllow: /\n".to_vec() });
        }
    }
    files.extend(assets.into_iter().map(|(_, path, bytes)| SiteFile { path, bytes }));
    files.extend(photo.map(|(path, bytes)| SiteFile { path, bytes }));
    Ok(Site { files })
}

/// The template engine with the theme's templates, HTML escaping, and the filters and functions
/// the templates use, speaking `lang`; `today` is where an ongoing job's length runs to.
fn environment(theme: &Theme, lang: Lang, today: time::Date) -> Result<Environment<'static>, RenderError> {
    let mut env = Environment::new();
    // The plain-text resume is served as text/plain: escaping would put `&amp;` in it.
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".txt") { minijinja::AutoEscape::None } else { minijinja::AutoEscape::Html }
    });
    // Every field of a resume is optional: an absent one prints nothing, in our templates and in
    // a user's theme alike (minijinja would print `none`, as in "Principal Developernone").
    env.set_formatter(|out, state, value| {
        if value.is_none() || value.is_undefined() {
            return Ok(());
        }
        minijinja::escape_formatter(out, state, value)
    });
    // Block tags leave no blank lines or indentation behind: fewer bytes for every visitor.
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build() {
        env.set_syntax(syntax);
    }
    env.add_filter("safe_url", safe_url);
    env.add_filter("date_label", move |value: String| date_label(lang, &value));
    env.add_filter("paragraphs", paragraphs);
    env.add_filter("blocks", blocks);
    env.add_filter("underline", |title: String| "=".repeat(title.chars().count().max(1)));
    let phrases = std::sync::Arc::new(Phrases::new(lang));
    let for_countries = phrases.clone();
    env.add_filter("country", move |code: String| for_countries.country(&code).unwrap_or(code));
    env.add_function("duration", move |start: Option<String>, end: Option<String>| {
        phrases.length(start.as_deref(), end.as_deref(), today)
    });
    env.add_function("icon", crate::icons::icon);
    env.add_function("profile_icon", crate::icons::profile_icon);
    for name in THEME_FILES.iter().filter(|name| name.ends_with(".html") || name.ends_with(".txt")) {
        env.add_template_owned(*name, theme.get(name).to_owned())
            .map_err(|source| RenderError::Template { name: (*name).into(), source })?;
    }
    Ok(env)
}

/// The plain-text resume as a reader wants it: no trailing spaces, at most one blank line in a
/// row, none at the start, one line break at the end. Templates may then be written for reading.
fn tidy_text(rendered: &[u8]) -> String {
    let text = String::from_utf8_lossy(rendered);
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() && blank_run > 0 {
            out.push('\n');
        }
        blank_run = 0;
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Marks a folder as written by [`Site::write_build`], so that the next build may replace it.
pub const BUILD_MARKER: &str = ".cloud-resume-build";

impl Site {
    /// Writes the site into `dir` as `cloud-resume build` does: into a new or empty folder, or
    /// over an earlier build (cleared first, or its hashed assets would pile up); any other
    /// folder with files in it is refused and left alone.
    pub fn write_build(&self, dir: &Path) -> Result<(), RenderError> {
        let io = |source| RenderError::Write { path: dir.to_owned(), source };
        if dir.exists() {
            let empty = std::fs::read_dir(dir).map_err(io)?.next().is_none();
            if !empty && !dir.join(BUILD_MARKER).exists() {
                return Err(RenderError::NotABuild { path: dir.to_owned() });
            }
            if !empty {
                std::fs::remove_dir_all(dir).map_err(io)?;
            }
        }
        self.write_to(dir)?;
        let marker = dir.join(BUILD_MARKER);
        std::fs::write(&marker, "written by cloud-resume build; the next build replaces this folder\n")
            .map_err(|source| RenderError::Write { path: marker, source })
    }

    /// Writes every file under `dir`, creating folders as needed.
    pub fn write_to(&self, dir: &Path) -> Result<(), RenderError> {
        for file in &self.files {
            let target = dir.join(&file.path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|source| RenderError::Write { path: parent.into(), source })?;
            }
            std::fs::write(&target, &file.bytes).map_err(|source| RenderError::Write { path: target, source })?;
        }
        Ok(())
    }

    /// The file at `path`, if the site has one.
    pub fn file(&self, path: &str) -> Option<&SiteFile> {
        self.files.iter().find(|f| f.path == path)
    }

    /// The site's pages as a browser addresses them (`/` for `index.html`): its HTML files but
    /// the error page. These are the paths the counter counts.
    pub fn pages(&self) -> Vec<String> {
        self.files
            .iter()
            .filter(|f| f.path.ends_with(".html") && f.path != "404.html")
            .map(|f| match f.path.strip_suffix("index.html") {
                Some(folder) => format!("/{folder}"),
                None => format!("/{}", f.path),
            })
            .collect()
    }
}

/// `stem.<first 8 hex digits of SHA-256>.ext`: the name changes exactly when the content does,
/// so browsers may cache it forever.
fn hashed(stem: &str, ext: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    format!("{stem}.{}.{ext}", hex::encode(&digest[..4]))
}

/// Passes http(s), mailto and tel URLs, HTML-escaped for a quoted attribute (but keeping `/`
/// readable); anything else (`javascript:`, `data:` …) becomes empty, and the templates render no
/// link for an empty URL.
fn safe_url(value: Option<String>) -> Value {
    let Some(url) = value.as_deref().map(str::trim).filter(|u| is_safe_url(u)) else {
        return Value::from("");
    };
    Value::from_safe_string(escape_html(url))
}

/// A text's paragraphs: people write one per line (or with a blank line between); each becomes
/// its own `<p>` instead of one run-on block. A text with markup comes rendered already (one
/// item, its paragraphs inside).
fn paragraphs(value: Value) -> Vec<Value> {
    if value.is_safe() {
        return vec![value];
    }
    let text = value.as_str().map(str::to_owned).unwrap_or_else(|| value.to_string());
    text.lines().map(str::trim).filter(|line| !line.is_empty()).map(|l| Value::from(l.to_owned())).collect()
}

/// A text as its paragraphs in `<p>` elements, escaped; a text with markup as its rendered,
/// sanitised HTML.
fn blocks(value: Value) -> Value {
    if value.is_safe() {
        return value;
    }
    let text = value.as_str().map(str::to_owned).unwrap_or_else(|| value.to_string());
    let html: String =
        text.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| format!("<p>{}</p>", escape_html(l))).collect();
    Value::from_safe_string(html)
}

fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The resume for the templates of the pages: each text with markup (`key` its field) as its
/// rendered, sanitised HTML, marked safe; every other value as it is.
fn marked(value: &serde_json::Value, key: Option<&str>) -> Value {
    match value {
        serde_json::Value::String(text) if !key.is_some_and(|k| NOT_TEXT.contains(&k)) && markup::has_markup(text) => {
            if key.is_some_and(|k| BLOCK_FIELDS.contains(&k)) {
                Value::from_safe_string(markup::blocks_html(text))
            } else {
                Value::from_safe_string(markup::inline_html(text))
            }
        }
        // A phone goes into `href="tel:…"` too: its words, as text to escape.
        serde_json::Value::String(text)
            if !key.is_some_and(|k| KEPT_AS_WRITTEN.contains(&k)) && markup::has_markup(text) =>
        {
            Value::from(markup::plain(text))
        }
        serde_json::Value::Array(items) => Value::from(items.iter().map(|v| marked(v, key)).collect::<Vec<_>>()),
        serde_json::Value::Object(map) if key != Some("meta") => {
            Value::from(map.iter().map(|(k, v)| (k.clone(), marked(v, Some(k)))).collect::<BTreeMap<String, Value>>())
        }
        other => Value::from(minijinja::value::Serde(other)),
    }
}

/// The counter's words, for the page's script.
fn counter_words(lang: Lang) -> serde_json::Value {
    let w = lang.words();
    json!({
        "view": w.view, "views": w.views, "visitor": w.visitor, "visitors": w.visitors, "unavailable": w.unavailable,
        "last30": w.last_30_days, "dateAxis": w.date_axis, "statsUnavailable": w.stats_unavailable,
    })
}

fn canonical_url(resume: &Resume) -> Option<String> {
    let from_meta = resume.meta.as_ref().and_then(|m| m.get("canonical")).and_then(|c| c.as_str()).map(str::to_owned);
    from_meta
        .or_else(|| resume.basics.url.clone())
        .filter(|u| u.to_ascii_lowercase().starts_with("https://") || u.to_ascii_lowercase().starts_with("http://"))
}

/// schema.org `Person` as JSON-LD, safe inside `<script>`: `<`, `>` and `&` are written as
/// `\u003c`, `\u003e`, `\u0026`, so no string can close the element or open a comment.
fn json_ld(resume: &Resume) -> String {
    let b = &resume.basics;
    let mut person = json!({ "@context": "https://schema.org", "@type": "Person" });
    let mut set = |key: &str, value: Option<serde_json::Value>| {
        if let Some(v) = value {
            person[key] = v;
        }
    };
    set("name", b.name.clone().map(Into::into));
    set("jobTitle", b.label.clone().map(Into::into));
    set("description", b.summary.clone().map(Into::into));
    set("email", b.email.clone().map(Into::into));
    set("telephone", b.phone.clone().map(Into::into));
    set("url", b.url.clone().filter(|u| is_safe_url(u)).map(Into::into));
    set(
        "address",
        b.location.as_ref().map(|l| {
            json!({
                "@type": "PostalAddress",
                "streetAddress": l.address, "postalCode": l.postal_code, "addressLocality": l.city,
                "addressRegion": l.region, "addressCountry": l.country_code,
            })
        }),
    );
    let same_as: Vec<&str> = b.profiles.iter().filter_map(|p| p.url.as_deref()).filter(|u| is_safe_url(u)).collect();
    set("sameAs", (!same_as.is_empty()).then(|| same_as.into()));
    let current = resume.work.iter().find(|w| w.end_date.is_none() && w.name.is_some());
    set("worksFor", current.map(|w| json!({ "@type": "Organization", "name": w.name })));
    let schools: Vec<_> = resume
        .education
        .iter()
        .filter_map(|e| e.institution.as_ref())
        .map(|i| json!({ "@type": "EducationalOrganization", "name": i }))
        .collect();
    set("alumniOf", (!schools.is_empty()).then(|| schools.into()));
    let skills: Vec<&str> = resume.skills.iter().filter_map(|s| s.name.as_deref()).collect();
    set("knowsAbout", (!skills.is_empty()).then(|| skills.into()));
    let text = serde_json::to_string(&strip_nulls(person)).unwrap_or_else(|_| "{}".into());
    text.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

fn strip_nulls(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            map.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, strip_nulls(v))).collect()
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_safe_schemes_survive() {
        let url = |s: &str| safe_url(Some(s.to_owned())).to_string();
        assert_eq!(url("https://example.com/a?b=1&c=\"x\""), "https://example.com/a?b=1&amp;c=&quot;x&quot;");
        assert_eq!(url("MAILTO:a@b.c"), "MAILTO:a@b.c");
        assert_eq!(url("javascript:alert(1)"), "");
        assert_eq!(url(" JavaScript:alert(1)"), "");
        assert_eq!(url("data:text/html,x"), "");
        assert_eq!(safe_url(None).to_string(), "");
    }

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let resume: Resume =
            serde_json::from_str(r#"{"basics":{"name":"</script><script>alert(1)</script>","summary":"a & b <!--"}}"#)
                .unwrap();
        let ld = json_ld(&resume);
        assert!(!ld.contains('<') && !ld.contains('>') && !ld.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&ld).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script>");
        assert_eq!(back["@type"], "Person");
    }
}
