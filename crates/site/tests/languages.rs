//! The page speaks the resume's language: `<html lang>`, the theme's words, the dates and the
//! counter's words, for every language the theme knows; the stats page says it is English.

use site::{LANGS, Lang, Resume, Theme, render};

fn resume(meta_lang: Option<&str>) -> Resume {
    let mut value = serde_json::json!({
        "basics": {"name": "Ada", "summary": "Hi."},
        "work": [{"name": "Acme", "position": "Dev", "startDate": "2019-05"}],
        "education": [{"institution": "Uni", "startDate": "2015-09", "endDate": "2019-03"}]
    });
    if let Some(tag) = meta_lang {
        value["meta"] = serde_json::json!({ "lang": tag });
    }
    serde_json::from_value(value).unwrap()
}

fn page(resume: &Resume, name: &str) -> String {
    let site = render(resume, &Theme::builtin()).unwrap();
    String::from_utf8(site.file(name).unwrap().bytes.clone()).unwrap()
}

/// The value of the single-quoted `data-words` attribute, as JSON.
fn counter_words(html: &str) -> serde_json::Value {
    let start = html.find("data-words='").expect("data-words") + "data-words='".len();
    let end = start + html[start..].find('\'').unwrap();
    serde_json::from_str(&html[start..end]).expect("data-words is JSON")
}

#[test]
fn every_language_sets_lang_words_dates_and_the_counter() {
    for &lang in LANGS {
        let words = lang.words();
        for (tag, given) in [(lang.tag(), None), ("en", Some(lang))] {
            // Declared by the resume (meta.lang), or given (--lang) over another declaration.
            let mut r = resume(Some(tag));
            r.lang = given;
            let html = page(&r, "index.html");
            assert!(html.contains(&format!("<html lang=\"{}\">", lang.tag())), "{lang:?}");
            assert!(html.contains(&format!(">{}</h2>", words.experience)), "{lang:?}: {}", words.experience);
            assert!(html.contains(&format!(">{}</h2>", words.education)), "{lang:?}");
            let present = words.present.replace('\'', "&#x27;"); // as HTML escapes it
            assert!(html.contains(&present), "{lang:?}: an ongoing job ends '{}'", words.present);
            assert!(html.contains(&lang.month_year("2019", 5)), "{lang:?}: {}", lang.month_year("2019", 5));
            assert!(html.contains(&format!("data-lang=\"{}\"", lang.tag())), "{lang:?}");
            assert_eq!(counter_words(&html)["views"], words.views, "{lang:?}");
            let not_found = page(&r, "404.html");
            assert!(not_found.contains(words.not_found), "{lang:?}");
            // Not translated yet: the statistics page says it is in English.
            assert!(page(&r, "stats.html").contains("<html lang=\"en\">"), "{lang:?}");
        }
    }
}

#[test]
fn without_a_declaration_the_page_is_english_and_unknown_tags_fall_back() {
    for meta in [None, Some("tlh"), Some("")] {
        let html = page(&resume(meta), "index.html");
        assert!(html.contains("<html lang=\"en\">") && html.contains(">Experience</h2>"), "{meta:?}");
        assert!(html.contains("May 2019"), "{meta:?}");
    }
    assert_eq!(Lang::from_tag("pt-BR"), Some(Lang::Pt));
}

#[test]
fn a_translation_cannot_break_out_of_its_attribute() {
    // The counter's words ride in a single-quoted attribute: a quote in them is escaped.
    let html = page(&resume(Some("fr")), "index.html");
    let attribute = &html[html.find("data-words='").unwrap()..];
    let attribute = &attribute[..attribute.find('>').unwrap()];
    assert_eq!(attribute.matches('\'').count(), 2, "{attribute}");
}
