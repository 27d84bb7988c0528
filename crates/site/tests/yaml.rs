//! YAML resumes (`.yaml`, `.yml`) are read like JSON ones: the same reading rules, schema and
//! calendar, with warnings and problems at their line and column in the YAML file.

use std::path::{Path, PathBuf};

use resume::{Format, LoadError, read};
use serde_json::Value;
use site::render;
use theme::Theme;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../resume/tests/fixtures").join(name)
}

/// `value` as block-style YAML, every scalar written as a JSON string or number (a JSON string
/// is a valid YAML double-quoted scalar).
fn to_yaml(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                out.push_str(&format!("{pad}{}:", serde_json::to_string(k).unwrap()));
                nested(v, indent, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for v in items {
                out.push_str(&format!("{pad}-"));
                nested(v, indent, out);
            }
        }
        other => out.push_str(&format!("{pad}{other}\n")),
    }
}

fn nested(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            to_yaml(v, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            to_yaml(v, indent + 2, out);
        }
        other => out.push_str(&format!(" {other}\n")),
    }
}

fn as_json(resume: &resume::Resume) -> Value {
    serde_json::to_value(resume).unwrap()
}

#[test]
fn every_json_fixture_reads_the_same_written_as_yaml_with_the_same_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/resume.json")];
    files.extend(std::fs::read_dir(fixture("real")).unwrap().map(|e| e.unwrap().path()));
    for json_file in files {
        let value: Value = serde_json::from_str(&std::fs::read_to_string(&json_file).unwrap()).unwrap();
        let mut yaml = String::from("# written from JSON by the test\n");
        to_yaml(&value, 0, &mut yaml);
        let yaml_file = dir.path().join("resume.yml");
        std::fs::write(&yaml_file, &yaml).unwrap();
        let from_json = read(&json_file, false).unwrap();
        let from_yaml = read(&yaml_file, false).unwrap_or_else(|e| panic!("{}: {e}\n{yaml}", json_file.display()));
        assert_eq!(as_json(&from_yaml.resume), as_json(&from_json.resume), "{}", json_file.display());
        // The test writes keys in another order than the JSON file: the same warnings, in any order.
        let said = |l: &resume::Loaded| {
            let mut said: Vec<_> = l.warnings.iter().map(|w| (w.path.clone(), w.message.clone())).collect();
            said.sort();
            said
        };
        assert_eq!(said(&from_yaml), said(&from_json), "{}", json_file.display());
    }
}

#[test]
fn a_hand_written_yaml_resume_is_read_with_warnings_at_their_places() {
    let file = fixture("yaml/developer.yaml");
    assert_eq!(Format::of_path(&file), Format::Yaml);
    let loaded = read(&file, false).unwrap();
    let at = |path: &str| {
        loaded
            .warnings
            .iter()
            .find(|w| w.path == path)
            .map(|w| (w.line, w.column, w.message.clone()))
            .unwrap_or_else(|| panic!("no warning at {path}: {:#?}", loaded.warnings))
    };
    let (line, column, message) = at("work[0].endDate");
    assert_eq!((line, column), (22, 14));
    assert!(message.contains("ongoing"), "{message}");
    let (line, column, message) = at("work[1].startDate");
    assert_eq!((line, column), (28, 16));
    assert!(message.contains("read as the year \"2016\""), "{message}");
    assert_eq!(at("work[1].url").0, 30, "an empty field is read as absent");
    assert_eq!(at("basics.url").0, 7, "a URL without a scheme");
    let resume = &loaded.resume;
    assert_eq!(resume.basics.summary.as_deref(), Some("I keep build pipelines fast.\nAnd on-call quiet.\n"));
    assert_eq!(resume.work[0].highlights[1], "Rolled out: canary deploys");
    let page = String::from_utf8(render(resume, &Theme::builtin()).unwrap().file("index.html").unwrap().bytes.clone())
        .unwrap();
    for text in ["Sam Rivera", "Staff Engineer", "Old Co", "Bazel", "Portugal"] {
        assert!(page.contains(text), "{text} is on the page");
    }
    assert!(read(&file, true).is_err(), "--strict refuses the readings");
}

#[test]
fn broken_yaml_is_an_error_and_a_wrong_shape_a_reading_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("resume.yaml");
    std::fs::write(&broken, "basics:\n  name: Ada\n  label: [unclosed\n").unwrap();
    let err = read(&broken, false).unwrap_err();
    assert!(matches!(err, LoadError::Syntax { format: Format::Yaml, .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("resume.yaml:") && text.contains("this is not valid YAML"), "{text}");

    // A shape the schema does not have is read (a text where a list goes: a list of it), and
    // said at its place; --strict refuses it there.
    std::fs::write(&broken, "basics:\n  name: Ada\nwork:\n  - name: X\n    highlights: just one\n").unwrap();
    let loaded = read(&broken, false).unwrap();
    assert_eq!(loaded.resume.work[0].highlights, ["just one"]);
    let LoadError::Invalid { problems, .. } = read(&broken, true).unwrap_err() else { panic!("strict refuses") };
    let p = problems.iter().find(|p| p.path == "work[0].highlights").unwrap();
    assert_eq!((p.line, p.column), (5, 17), "{p:?}");
    assert!(p.message.contains("a text where a list goes"), "{}", p.message);

    std::fs::write(&broken, "- not\n- a resume\n").unwrap();
    let LoadError::Invalid { problems, .. } = read(&broken, false).unwrap_err() else { panic!("not an object") };
    assert!(problems[0].message.contains("must be an object"), "{problems:?}");
    std::fs::write(&broken, "").unwrap();
    assert!(read(&broken, false).is_err(), "an empty file is no resume");
}
