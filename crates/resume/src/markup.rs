//! Markup in resume texts: what people write in a summary or a highlight besides plain words.
//! HTML (the inline tags people use: `strong`, `em`, `b`, `i`, `br`, `a`, lists, paragraphs)
//! and Markdown (emphasis, links, lists, line breaks) are rendered: Markdown through
//! pulldown-cmark, then the HTML it gives (with any HTML that was written) through ammonia's
//! allow-list, which keeps only those tags, only `href` on links and only http(s), mailto, tel
//! and relative addresses in it. No script, style, frame, event handler or other attribute
//! survives. The plain text (`resume.txt`, the PDF, the page's description) is read from the
//! same sanitised HTML with html5ever's tokenizer: the words, with a line for each paragraph,
//! list item and line break.
//!
//! A text with nothing that looks like markup is left exactly as written (and escaped by the
//! templates as always).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use ammonia::{Builder, UrlRelative};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use pulldown_cmark::{Options, Parser};

/// Tags kept inside a line of text.
const INLINE_TAGS: &[&str] =
    &["a", "b", "strong", "em", "i", "u", "s", "del", "code", "br", "sub", "sup", "small", "mark"];
/// Tags kept, besides those, in texts of several paragraphs (summaries, descriptions).
const BLOCK_TAGS: &[&str] = &["p", "ul", "ol", "li"];

/// True when `text` holds something a Markdown or HTML reader would read as markup.
pub fn has_markup(text: &str) -> bool {
    let tag = has_tag(text);
    let inline = ["**", "__", "`", "](", "~~", "&"].iter().any(|m| text.contains(m))
        || emphasis_like(text, '*')
        || emphasis_like(text, '_');
    let list = text.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("- ") || l.starts_with("* ") || l.starts_with("+ ") || l.starts_with('#')
    });
    tag || inline || list || has_latex(text)
}

/// LaTeX's inline commands, as people write them in a resume file that also feeds a LaTeX
/// template: (command, the HTML tag it is).
const LATEX: &[(&str, &str)] = &[
    ("textbf", "strong"),
    ("textit", "em"),
    ("emph", "em"),
    ("underline", "u"),
    ("texttt", "code"),
    ("href", "a"),
    ("url", "a"),
];

fn has_latex(text: &str) -> bool {
    LATEX.iter().any(|(command, _)| text.contains(&format!("\\{command}{{")))
}

/// `\textbf{Inria}` → `<strong>Inria</strong>`, `\href{url}{text}` → a link, and LaTeX's
/// dashes, ties and escaped characters as the characters they print. What the commands become
/// is HTML, and goes through the sanitiser like any other.
fn from_latex(text: &str) -> String {
    /// The text inside the braces that open at the start of `s`, and what follows them.
    fn group(s: &str) -> Option<(&str, &str)> {
        let rest = s.strip_prefix('{')?;
        let mut depth = 1;
        for (i, c) in rest.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some((&rest[..i], &rest[i + 1..]));
                    }
                }
                _ => {}
            }
        }
        None
    }
    /// Commands inside commands deeper than this are left as written (a hostile file must not
    /// recurse without end).
    const DEEPEST: usize = 8;
    fn convert(text: &str, depth: usize) -> String {
        if depth > DEEPEST {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find('\\') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let command = LATEX.iter().find(|(c, _)| after.starts_with(c) && after[c.len()..].starts_with('{'));
            let Some(&(name, tag)) = command else {
                // `\&`, `\%`, `\_`, `\$`, `\#`: the character itself.
                match after.chars().next() {
                    Some(c) if "&%_$#{}".contains(c) => {
                        out.push(c);
                        rest = &after[c.len_utf8()..];
                    }
                    _ => {
                        out.push('\\');
                        rest = after;
                    }
                }
                continue;
            };
            let Some((first, after_first)) = group(&after[name.len()..]) else {
                out.push('\\');
                rest = after;
                continue;
            };
            let quoted = |s: &str| s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
            match name {
                "href" => match group(after_first) {
                    Some((words, after_words)) => {
                        out.push_str(&format!("<a href=\"{}\">{}</a>", quoted(first), convert(words, depth + 1)));
                        rest = after_words;
                    }
                    None => {
                        out.push_str(&format!("<a href=\"{0}\">{0}</a>", quoted(first)));
                        rest = after_first;
                    }
                },
                "url" => {
                    out.push_str(&format!("<a href=\"{0}\">{0}</a>", quoted(first)));
                    rest = after_first;
                }
                _ => {
                    out.push_str(&format!("<{tag}>{}</{tag}>", convert(first, depth + 1)));
                    rest = after_first;
                }
            }
        }
        out.push_str(rest);
        out
    }
    convert(text, 0).replace("---", "\u{2014}").replace("--", "\u{2013}").replace('~', "\u{a0}")
}

/// `*word*` or `_word_`: the marker, then a character that is not a space; later, one before it.
fn emphasis_like(text: &str, marker: char) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let opens = chars.windows(2).position(|w| w[0] == marker && !w[1].is_whitespace() && w[1] != marker);
    let Some(open) = opens else { return false };
    // An underscore inside a word is no emphasis (snake_case).
    if marker == '_' && open > 0 && chars[open - 1].is_alphanumeric() {
        return false;
    }
    chars[open + 1..].windows(2).any(|w| !w[0].is_whitespace() && w[1] == marker)
}

/// A block text as HTML: a paragraph for each line (as the page did before markup), lists where
/// they are written, sanitised.
pub fn blocks_html(text: &str) -> String {
    sanitize(&markdown_html(&paragraph_per_line(text)), true)
}

/// A line of text (a highlight, a name) as HTML, sanitised, without paragraphs.
pub fn inline_html(text: &str) -> String {
    sanitize(&markdown_html(text), false).trim().to_owned()
}

/// The words of `text`, markup read: a line for each paragraph, list item and line break.
pub fn plain(text: &str) -> String {
    if !has_markup(text) {
        return text.to_owned();
    }
    let html = sanitize(&markdown_html(&paragraph_per_line(text)), true);
    let sink = TextSink::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from(html.as_str()));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let out = tokenizer.sink.out.borrow();
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// One line one paragraph, except inside a list (a line that starts a list item, and the
/// lines that continue it).
fn paragraph_per_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_list = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let item = ["- ", "* ", "+ "].iter().any(|m| trimmed.starts_with(m))
            || trimmed
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit()));
        if trimmed.is_empty() {
            in_list = false;
            out.push('\n');
            continue;
        }
        if !out.is_empty() {
            out.push_str(if item && in_list { "\n" } else { "\n\n" });
        }
        in_list = item;
        out.push_str(line);
    }
    out
}

/// Markdown as HTML. HTML written in the text is first read as a browser reads it (CommonMark
/// passes on only tags of its strict syntax, and would show `<svg onload=x>` as text, which a
/// browser takes for a tag): through the sanitiser, which gives well-formed HTML of the allowed
/// tags that Markdown then passes on.
fn markdown_html(text: &str) -> String {
    let latex;
    let text = if has_latex(text) {
        latex = from_latex(text);
        latex.as_str()
    } else {
        text
    };
    let tidy;
    let text = if has_tag(text) {
        tidy = sanitize(text, true);
        tidy.as_str()
    } else {
        text
    };
    let mut html = String::with_capacity(text.len() * 2);
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH));
    html
}

fn has_tag(text: &str) -> bool {
    text.as_bytes().windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
}

/// The allow-list, in one place.
fn sanitize(html: &str, blocks: bool) -> String {
    let mut tags: HashSet<&str> = INLINE_TAGS.iter().copied().collect();
    if blocks {
        tags.extend(BLOCK_TAGS);
    }
    Builder::new()
        .tags(tags)
        .generic_attributes(HashSet::new())
        .tag_attributes(HashMap::from([("a", HashSet::from(["href"]))]))
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .url_relative(UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(html)
        .to_string()
}

/// The text of sanitised HTML, with a line break for each paragraph, item and `<br>`.
#[derive(Default)]
struct TextSink {
    out: RefCell<String>,
    /// The web address of the link being read: written after its words, `words (url)`, so
    /// that the text version and the PDF keep where the link went.
    href: RefCell<Option<(usize, String)>>,
}

impl TokenSink for TextSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut out = self.out.borrow_mut();
        match token {
            Token::CharacterTokens(text) => out.push_str(&text),
            Token::TagToken(tag) => match (tag.kind, &*tag.name) {
                (TagKind::StartTag, "li") => out.push_str("\n- "),
                (TagKind::StartTag, "br") | (TagKind::EndTag, "p" | "li" | "ul" | "ol") => out.push('\n'),
                (TagKind::StartTag, "a") => {
                    let href = tag.attrs.iter().find(|a| &*a.name.local == "href").map(|a| a.value.to_string());
                    let web = href.filter(|h| h.starts_with("https://") || h.starts_with("http://"));
                    *self.href.borrow_mut() = web.map(|h| (out.len(), h));
                }
                (TagKind::EndTag, "a") => {
                    if let Some((at, href)) = self.href.borrow_mut().take() {
                        let words = out.get(at..).unwrap_or_default();
                        if !words.contains(&href) {
                            out.push_str(&format!(" ({href})"));
                        }
                    }
                }
                _ => {}
            },
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_markdown_render_and_nothing_runs() {
        assert_eq!(inline_html("<strong>Led</strong> the team"), "<strong>Led</strong> the team");
        assert_eq!(inline_html("**Led** the _whole_ team"), "<strong>Led</strong> the <em>whole</em> team");
        assert_eq!(
            plain("[site](https://a.example) and <a href=\"https://b.example/\">https://b.example/</a>"),
            "site (https://a.example) and https://b.example/"
        );
        let link = inline_html("[site](https://a.example)");
        assert!(link.starts_with("<a href=\"https://a.example\""), "{link}");
        for hostile in [
            "<script>alert(1)</script>x",
            "<img src=x onerror=alert(1)>x",
            "[x](javascript:alert(1))",
            "<iframe src=\"https://evil.example\"></iframe>x",
            "<span style=\"background:url(javascript:alert(1))\">x</span>",
            "<a href=\"javascript:alert(1)\">x</a>",
        ] {
            let html = blocks_html(hostile);
            for bad in ["<script", "onerror", "javascript:", "<iframe", "style=", "<img"] {
                assert!(!html.to_lowercase().contains(bad), "{hostile} gave {html}");
            }
            assert!(!plain(hostile).contains('<'), "{hostile}: {}", plain(hostile));
        }
    }

    #[test]
    fn latex_commands_render_as_what_they_print() {
        assert_eq!(
            inline_html("Internship at \\textbf{Inria Saclay}, on \\emph{kernels} --- 2 months"),
            "Internship at <strong>Inria Saclay</strong>, on <em>kernels</em> \u{2014} 2 months"
        );
        let link = inline_html("See \\href{https://a.example/p}{the \\textit{paper}}");
        assert!(link.starts_with("See <a href=\"https://a.example/p\""), "{link}");
        assert!(link.contains("the <em>paper</em></a>"), "{link}");
        assert_eq!(plain("R\\&D at \\textbf{Acme}, 50\\% faster"), "R&D at Acme, 50% faster");
        // A command's text is sanitised like any other markup.
        let html = inline_html("\\href{javascript:alert(1)}{x} \\textbf{<img src=x onerror=alert(1)>y}");
        assert!(!html.contains("javascript") && !html.contains("onerror") && !html.contains("<img"), "{html}");
        // Commands nested without end (a hostile file) stop being read past a few levels.
        let deep = format!("{}x{}", "\\textbf{".repeat(100_000), "}".repeat(100_000));
        assert!(plain(&deep).contains('x'));
        // A backslash that starts no command stays.
        assert_eq!(plain("C:\\Users and a \\foo{x}"), "C:\\Users and a \\foo{x}");
    }

    #[test]
    fn plain_text_keeps_the_words_and_the_lines() {
        assert_eq!(plain("<strong>Led</strong> the team<br>and more"), "Led the team\nand more");
        assert_eq!(plain("Intro\n- one\n- two"), "Intro\n- one\n- two");
        assert_eq!(plain("<ul><li>a</li><li>b</li></ul>"), "- a\n- b");
        assert_eq!(plain("Tom &amp; Jerry"), "Tom & Jerry");
        assert_eq!(plain("snake_case and C# and 3 * 4"), "snake_case and C# and 3 * 4");
    }

    #[test]
    fn plain_texts_are_not_markup() {
        for text in ["Rust, Go", "snake_case_name", "C# / F#", "3 * 4 = 12", "e-mail: a@b.example"] {
            assert!(!has_markup(text), "{text}");
        }
        for text in ["<b>x</b>", "**x**", "*x*", "_x_", "[a](b)", "- a\n- b", "a<br>b"] {
            assert!(has_markup(text), "{text}");
        }
    }
}
