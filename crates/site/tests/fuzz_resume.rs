//! Arbitrary input for the resume reader and renderer: never a panic; anything accepted renders,
//! no string of it becomes markup, and no absent value leaves a placeholder word.

mod util;

use proptest::prelude::*;
use resume::{ParseError, parse};
use serde_json::{Map, Value};
use site::render;
use theme::Theme;

/// JSON values of any shape, a few levels deep, with hostile strings among the ordinary ones.
fn json_value() -> impl Strategy<Value = Value> {
    let text = prop_oneof![
        "[ -~]{0,30}",
        Just("<script>alert(1)</script>".to_owned()),
        Just("javascript:alert(1)".to_owned()),
        Just("\" onmouseover=\"x".to_owned()),
        Just("2019-13-45".to_owned()),
        Just("2024-02-29".to_owned()),
        Just("2024-09-31".to_owned()),
        Just("07/2025".to_owned()),
        Just("Present".to_owned()),
        Just("github.com/me".to_owned()),
        Just(String::new()),
        any::<String>(),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        text.prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS.to_vec()).prop_map(str::to_owned), inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Keys of the JSON Resume schema, so generated documents often reach deep into it.
const KEYS: &[&str] = &[
    "basics",
    "name",
    "label",
    "email",
    "url",
    "summary",
    "location",
    "city",
    "profiles",
    "network",
    "work",
    "position",
    "startDate",
    "endDate",
    "highlights",
    "education",
    "institution",
    "skills",
    "keywords",
    "projects",
    "awards",
    "title",
    "date",
    "publications",
    "releaseDate",
    "languages",
    "language",
    "references",
    "volunteer",
    "organization",
    "meta",
    "x",
    // pre-1.0 names and fields the reading rules look at
    "company",
    "website",
    "picture",
    "gpa",
    "image",
    "description",
];

fn check(text: &str) -> Result<(), TestCaseError> {
    match parse(text) {
        Ok(resume) => {
            let site = render(&resume, &Theme::builtin()).expect("an accepted resume renders");
            let html = String::from_utf8(site.file("index.html").unwrap().bytes.clone()).unwrap();
            // A placeholder word on the page came from the input, or it is a bug.
            if let Some(word) = util::placeholder_in(&util::visible_text(&html)) {
                prop_assert!(text.contains(word), "the page says {word:?}, which the resume does not");
            }
            // Two theme scripts (JSON-LD and the counter): no resume string adds a third.
            prop_assert_eq!(html.matches("<script").count(), 2);
            prop_assert!(!html.contains("href=\"javascript:"));
        }
        Err(ParseError::Syntax { line, column, .. }) => prop_assert!(line >= 1 && column <= text.len() + 1),
        Err(ParseError::Invalid { problems, .. }) => {
            prop_assert!(!problems.is_empty());
            for p in problems {
                prop_assert!(p.line >= 1 && p.column >= 1 && !p.message.is_empty() && !p.path.is_empty());
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_text_is_refused_or_accepted_without_panic(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn any_json_document_is_refused_or_rendered_safely(doc in json_value()) {
        check(&doc.to_string())?;
        check(&serde_json::to_string_pretty(&doc).unwrap())?;
    }

    #[test]
    fn any_strings_in_a_well_shaped_resume_render_inert(
        name in any::<String>(), label in any::<String>(), summary in any::<String>(),
        company in any::<String>(), highlight in any::<String>(), url in any::<String>(),
    ) {
        let doc = serde_json::json!({
            "basics": { "name": name, "label": label, "summary": summary },
            "work": [{ "name": company, "highlights": [highlight], "url": url }],
        });
        check(&doc.to_string())?;
    }
}
