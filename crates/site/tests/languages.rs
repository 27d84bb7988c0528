//! The page speaks the resume's language: `<html lang>`, the theme's words, the dates and the
//! counter's words, for every language the theme knows, on the resume and the statistics page.

use resume::{LANGS, Lang, Resume};
use site::render;
use theme::Theme;

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
            let stats = page(&r, "stats.html");
            assert!(stats.contains(&format!("<html lang=\"{}\">", lang.tag())), "{lang:?}");
            for phrase in [words.statistics, words.per_day, words.views_bars, words.visitors_line, words.date] {
                assert!(stats.contains(phrase), "{lang:?}: the statistics page lacks {phrase:?}");
            }
            let whose = words.resume_of.replace("{name}", "Ada");
            assert!(stats.contains(&format!("<a href=\"/\">{whose}</a>")), "{lang:?}: {whose}");
            assert_eq!(counter_words(&stats)["last30"], words.last_30_days, "{lang:?}");
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

#[test]
fn countries_and_job_lengths_read_in_the_page_language() {
    let resume = |tag: &str, country: &str| -> Resume {
        serde_json::from_value(serde_json::json!({
            "meta": {"lang": tag},
            "basics": {"name": "Ada", "location": {"city": "Lyon", "countryCode": country}},
            "work": [
                {"name": "Acme", "position": "Dev", "startDate": "2019-11", "endDate": "2022-01-31"},
                {"name": "Initech", "position": "Lead", "startDate": "2026-02-01"},
                {"name": "Years only", "position": "Dev", "startDate": "2010", "endDate": "2012"}
            ]
        }))
        .unwrap()
    };
    let today = time::macros::date!(2026 - 11 - 29);
    let text = |tag: &str, country: &str| {
        let site = site::render_on(&resume(tag, country), &Theme::builtin(), today).unwrap();
        String::from_utf8(site.file("index.html").unwrap().bytes.clone()).unwrap()
    };
    for (tag, country, length, ongoing) in [
        ("en", "Lyon, France", "2 years 3 months", "10 months"),
        ("de", "Lyon, Frankreich", "2 Jahre 3 Monate", "10 Monate"),
        ("fr", "Lyon, France", "2 ans 3\u{a0}mois", "10\u{a0}mois"),
        ("es", "Lyon, Francia", "2 años 3 meses", "10 meses"),
        ("ru", "Lyon, Франция", "2 года 3 месяца", "10 месяцев"),
        ("ja", "Lyon, フランス", "2 年 3 か月", "10 か月"),
        ("zh", "Lyon, 法国", "2年 3个月", "10个月"),
        ("ko", "Lyon, 프랑스", "2년 3개월", "10개월"),
    ] {
        let html = text(tag, "fr");
        assert!(html.contains(country), "{tag}: {country}");
        let lengths: Vec<&str> =
            html.split("<span class=\"length\">").skip(1).map(|s| &s[..s.find("<").unwrap()]).collect();
        assert!(html.contains(&format!("<span class=\"length\">{length}</span>")), "{tag}: {length} in {lengths:?}");
        assert!(html.contains(&format!("<span class=\"length\">{ongoing}</span>")), "{tag}: {ongoing}");
        // Years alone have no length in months: none is made up.
        assert_eq!(html.matches("class=\"length\"").count(), 2, "{tag}");
    }
    // Not an ISO code: shown as written, never dropped.
    for written in ["UK", "Deutschland", "ZZ"] {
        assert!(text("en", written).contains(&format!("Lyon, {written}")), "{written}");
    }
}
