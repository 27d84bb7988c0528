//! The resume as Typst markup: the theme's `resume.typ` (which includes its `print.typ`) rendered
//! by minijinja, every string of the resume written into it as a Typst string literal, so that
//! a resume's text is always data to Typst, never markup or code.

use minijinja::{Environment, Value, context};
use resume::text::{date_label, is_safe_url, plain_copy};
use resume::{Phrases, Resume};
use theme::Theme;

/// Why the print source could not be made.
#[derive(Debug, thiserror::Error)]
#[error("the print template {name} failed: {source:#}")]
pub struct SourceError {
    /// The template's file name.
    pub name: String,
    /// What minijinja said, with the line.
    #[source]
    pub source: minijinja::Error,
}

/// The templates of a theme that make its print source.
const PRINT_FILES: &[&str] = &["resume.typ", "print.typ"];

/// The resume's print source: the theme's `resume.typ` rendered as Typst markup for `paper`
/// (Typst's name: `a4`, `us-letter`), its type and spacing multiplied by `scale` (1.0 as
/// designed; `--max-pages` tries smaller). Markup in texts is read as its words; an ongoing
/// job's length runs to `today`.
pub fn render(
    resume: &Resume,
    theme: &Theme,
    paper: &str,
    scale: f64,
    today: time::Date,
) -> Result<String, SourceError> {
    let lang = resume.page_lang();
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Custom("typst".into()));
    env.set_formatter(|out, _, value| typst_literal(out, value));
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build() {
        env.set_syntax(syntax);
    }
    env.add_filter("date_label", move |value: String| date_label(lang, &value));
    env.add_filter("paragraphs", |text: String| -> Vec<String> {
        text.lines().map(str::trim).filter(|line| !line.is_empty()).map(str::to_owned).collect()
    });
    let phrases = std::sync::Arc::new(Phrases::new(lang));
    let for_countries = phrases.clone();
    env.add_filter("country", move |code: String| for_countries.country(&code).unwrap_or(code));
    env.add_function("duration", move |start: Option<String>, end: Option<String>| {
        phrases.length(start.as_deref(), end.as_deref(), today)
    });
    env.add_filter("print_url", |value: Option<String>| {
        value.map(|u| u.trim().to_owned()).filter(|u| is_safe_url(u)).unwrap_or_default()
    });
    for name in PRINT_FILES {
        env.add_template_owned(*name, theme.get(name).to_owned())
            .map_err(|source| SourceError { name: (*name).into(), source })?;
    }
    let plain = plain_copy(resume);
    let ctx = context! {
        resume => minijinja::value::Serde(&plain),
        t => minijinja::value::Serde(lang.words()),
        theme => theme.name(),
        paper => paper,
        scale => scale,
        lang_code => resume.language_code(),
    };
    // The macros see globals, not the context.
    if let Ok(words) = ctx.get_attr("t") {
        env.add_global("t", words);
    }
    env.get_template("resume.typ")
        .and_then(|t| t.render(ctx))
        .map_err(|source| SourceError { name: "resume.typ".into(), source })
}

/// `{{ value }}` in a Typst template: a string literal (quotes, backslashes and line breaks
/// escaped), a number or boolean as itself, nothing as `none`; what a macro wrote (Typst code
/// around such literals) as it is.
fn typst_literal(out: &mut minijinja::Output<'_>, value: &Value) -> Result<(), minijinja::Error> {
    use std::fmt::Write;
    let text = if value.is_none() || value.is_undefined() {
        "none".to_owned()
    } else if value.is_safe()
        || matches!(value.kind(), minijinja::value::ValueKind::Bool | minijinja::value::ValueKind::Number)
    {
        value.to_string()
    } else {
        let text = value.as_str().map(str::to_owned).unwrap_or_else(|| value.to_string());
        let mut literal = String::with_capacity(text.len() + 2);
        literal.push('"');
        for c in text.chars() {
            match c {
                '"' => literal.push_str("\\\""),
                '\\' => literal.push_str("\\\\"),
                '\n' => literal.push_str("\\n"),
                '\r' => literal.push_str("\\r"),
                '\t' => literal.push_str("\\t"),
                c if c.is_control() => {
                    let _ = write!(literal, "\\u{{{:x}}}", c as u32);
                }
                c => literal.push(c),
            }
        }
        literal.push('"');
        literal
    };
    out.write_str(&text).map_err(|e| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_of_the_resume_is_a_typst_string_literal() {
        // (A backslash before a quote is Markdown's escape of it: the plain words have the quote.)
        let hostile = "#panic(\"boom\") ] ) #strong[x] $x$ \\ \u{7}";
        let resume: Resume = serde_json::from_value(serde_json::json!({
            "basics": {"name": hostile, "label": "Engineer"},
            "work": [{"name": hostile, "position": "Lead", "highlights": [hostile]}]
        }))
        .unwrap();
        let source = render(&resume, &Theme::default(), "a4", 1.0, time::macros::date!(2026 - 12 - 07)).unwrap();
        let literal = r##""#panic(\"boom\") ] ) #strong[x] $x$ \\ \u{7}""##;
        assert!(source.matches(literal).count() >= 3, "{source}");
        assert!(!source.contains("#panic(\"boom\")"), "raw: {source}");
    }
}
