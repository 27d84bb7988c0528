//! Helpers shared by the rendering tests.

#![allow(dead_code)]

/// The words a reader sees: the page's text without its tags, scripts and styles.
pub fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push(' ');
        let tag = &rest[start..];
        let skip_to = ["<script", "<style"]
            .iter()
            .find(|t| tag.starts_with(**t))
            .and_then(|t| tag.find(&format!("</{}", &t[1..])))
            .unwrap_or(0);
        rest = match tag[skip_to..].find('>') {
            Some(end) => &tag[skip_to + end + 1..],
            None => "",
        };
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first placeholder word a template printed for an absent value, if any.
pub fn placeholder_in(page: &str) -> Option<&'static str> {
    ["None", "none", "null", "undefined", "NaN"]
        .into_iter()
        .find(|placeholder| page.split(|c: char| !c.is_alphanumeric()).any(|w| w == *placeholder))
}
