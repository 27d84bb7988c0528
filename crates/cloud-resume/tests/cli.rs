//! The command line's handling of bad input: clear errors that name the file, exit code 2.

mod util;

use util::bin;

#[test]
fn a_missing_resume_is_named_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out =
        bin().args(["build", "--resume", "no/such/resume.json", "--out"]).arg(dir.path().join("out")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no/such/resume.json") && err.contains("exists"), "{err}");
    assert!(!dir.path().join("out").exists(), "nothing is written");
}

#[test]
fn broken_json_gets_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resume.json");
    std::fs::write(&file, "{\n  \"basics\": {\n    \"name\": \"A\",\n  }\n}\n").unwrap();
    let out = bin().arg("build").arg("--resume").arg(&file).arg("--out").arg(dir.path().join("out")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:4:3", file.display())), "{err}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_wrong_shape_names_the_json_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resume.json");
    std::fs::write(&file, r#"{"basics": {"name": "A"}, "work": [{"name": "X", "highlights": "not a list"}]}"#).unwrap();
    let out =
        bin().arg("serve").arg("--resume").arg(&file).arg("--data-dir").arg(dir.path().join("data")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("work[0].highlights"), "{err}");
    assert!(!dir.path().join("data").exists(), "serve writes nothing for an invalid resume");
}

#[test]
fn bad_options_are_refused_with_a_reason() {
    for (args, expect) in [
        (vec!["serve", "--refresh-window", "forever"], "30s, 10m or 1h"),
        (vec!["serve", "--allowed-origin", "*"], "not an origin"),
        (vec!["serve", "--addr", "localhost"], "invalid socket address"),
    ] {
        let out = bin().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expect), "{args:?}: {err}");
    }
}

#[test]
fn build_writes_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("dist");
    let out =
        bin().arg("build").arg("--resume").arg(util::example_resume()).arg("--out").arg(&out_dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let index = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert!(index.contains("Northwind Analytics"));
    for file in ["404.html", "robots.txt", "favicon.svg"] {
        assert!(out_dir.join(file).exists(), "{file}");
    }
}
