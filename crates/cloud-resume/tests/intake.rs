//! Getting in without writing JSON by hand, through the real binary: `new` writes a starter that
//! checks with no warning and builds (YAML and JSON) and never overwrites; `import linkedin`
//! reads an export (folder and ZIP, every file and quirk, and one with only two files) into a
//! resume whose every position, school, skill and language reaches the built page, with warnings
//! that name file, row and column, and refuses to write over a file without --force; `schema`
//! validates what the reader accepts without warning and refuses what it does not.

mod util;

use std::io::Write;
use std::path::{Path, PathBuf};

use util::bin;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../intake/tests/fixtures").join(name)
}

fn run(args: &[&std::ffi::OsStr], dir: &Path) -> std::process::Output {
    bin().args(args).current_dir(dir).output().unwrap()
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

fn page_of(resume: &Path, dir: &Path) -> String {
    let out = dir.join("site");
    let built = bin().arg("build").arg("--resume").arg(resume).arg("--out").arg(&out).output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    std::fs::read_to_string(out.join("index.html")).unwrap()
}

#[test]
fn new_writes_a_starter_that_checks_clean_and_builds_and_never_overwrites() {
    for name in ["resume.yaml", "resume.json"] {
        let dir = tempfile::tempdir().unwrap();
        let out = run(&[os("new"), os(name)], dir.path());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains(&format!("serve --watch --open --resume {name}")) && said.contains("check"), "{said}");
        let file = dir.path().join(name);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.contains("\"$schema\": \"./resume.schema.json\"") || text.contains("$schema: ./resume.schema.json")
        );
        if name.ends_with(".yaml") {
            assert!(text.starts_with("# yaml-language-server: $schema=./resume.schema.json\n"));
            // A comment on every field (at least once, where it first shows): what it is for, and
            // how it shows.
            let mut explained: std::collections::BTreeMap<String, bool> = Default::default();
            for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
                let field = line.trim_start().trim_start_matches("- ");
                if let Some((key, _)) = field.split_once(':').filter(|(k, _)| !k.is_empty() && !k.contains(' ')) {
                    *explained.entry(key.to_owned()).or_default() |= line.contains(" # ");
                }
            }
            let silent: Vec<&String> = explained.iter().filter(|(_, has)| !**has).map(|(k, _)| k).collect();
            assert!(explained.len() > 40 && silent.is_empty(), "fields without a comment: {silent:?}");
        }
        assert!(dir.path().join("resume.schema.json").exists(), "the schema beside it");
        let check = bin().args(["check", "--strict"]).arg(&file).output().unwrap();
        assert!(check.status.success(), "{name}: {}", String::from_utf8_lossy(&check.stderr));
        assert!(String::from_utf8_lossy(&check.stdout).contains("is a valid JSON Resume"));
        let page = page_of(&file, dir.path());
        for section in ["Experience", "Education", "Skills", "Projects", "References", "Volunteering"] {
            assert!(page.contains(&format!(">{section}</h2>")), "{name}: {section}");
        }
        // Never over a file: the second time it refuses, exit 2, and changes nothing.
        std::fs::write(&file, "mine").unwrap();
        let again = run(&[os("new"), os(name)], dir.path());
        assert_eq!(again.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&again.stderr).contains("already exists"),
            "{}",
            String::from_utf8_lossy(&again.stderr)
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    }
}

/// The export as a ZIP, the way LinkedIn sends it: the files in it, one in a subfolder.
fn zipped(folder: &Path, to: &Path) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut stack = vec![(folder.to_owned(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().unwrap().is_dir() {
                stack.push((entry.path(), format!("{name}/")));
            } else {
                zip.start_file(name, options).unwrap();
                zip.write_all(&std::fs::read(entry.path()).unwrap()).unwrap();
            }
        }
    }
    zip.finish().unwrap();
}

#[test]
fn an_export_reaches_the_page_with_warnings_that_name_file_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("Basic_LinkedInDataExport_12-01-2026.zip");
    zipped(&fixture("linkedin-complete"), &zip);
    for (export, out_name) in [(fixture("linkedin-complete"), "from-folder.yaml"), (zip.clone(), "from-zip.json")] {
        let out = bin()
            .args(["import", "linkedin"])
            .arg(&export)
            .arg("--out")
            .arg(dir.path().join(out_name))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let err = String::from_utf8_lossy(&out.stderr);
        // Each unmapped column with a value, and each value not read: file, row, column.
        for expected in [
            "Profile.csv, row 1, column \"Birth Date\"",
            "Profile.csv, row 1, column \"Industry\"",
            "Positions.csv, row 3, column \"Started On\": \"Summer 2015\" does not read as a date",
            "Education.csv, row 1, column \"Activities\"",
            "Certifications.csv, row 1, column \"License Number\"",
            "Volunteering.csv, row 1, column \"Cause\"",
        ] {
            assert!(err.contains(expected), "{expected} in {err}");
        }
        assert!(
            !err.contains("Connections.csv") && !err.contains("Job Applications"),
            "other files are left alone: {err}"
        );
        let file = dir.path().join(out_name);
        let check = bin().args(["check", "--strict"]).arg(&file).output().unwrap();
        assert!(check.status.success(), "{out_name}: {}", String::from_utf8_lossy(&check.stderr));
        let page = page_of(&file, dir.path());
        for shown in [
            "Priya Raman",
            "Staff Engineer, Platform",
            "priya@example.com",
            "+44 161 496 0000",
            "Northwind, Ltd.",
            "Staff Engineer",
            "Cut build times from 22 to 6 minutes",
            "Mentored six engineers",
            "Fernhill Software",
            "Software Engineer",
            "Acme Corp",
            "Intern",
            "University of Leeds",
            "BSc Computer Science",
            "St. Mary&#x27;s College",
            "COMP3211 Distributed Systems",
            "Kubernetes",
            "Rust, async",
            "Terraform",
            "English",
            "Native or bilingual proficiency",
            "Tamil",
            "French",
            "Certified Kubernetes Administrator",
            "tiny-queue",
            "Engineer of the Year",
            "Idempotent Deploys",
            "Code Club",
            "https://priya.example.com",
            "Manchester",
        ] {
            assert!(page.contains(shown), "{out_name}: {shown:?} is not on the page");
        }
        assert!(page.contains("<time datetime=\"2021-03\">"), "Mar 2021 as a date");
        assert!(page.contains("<time datetime=\"2024-02-12\">"), "Feb 12, 2024 as a date");
        // The old address is not the primary one; the street address and birth date stay out.
        assert!(!page.contains("old@example.org") && !page.contains("Quay St") && !page.contains("Apr 2"));
    }
}

#[test]
fn an_export_with_only_profile_and_positions_is_a_resume_too() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resume.yaml");
    let out =
        bin().args(["import", "linkedin"]).arg(fixture("linkedin-basic")).arg("--out").arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let check = bin().args(["check", "--strict"]).arg(&file).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let page = page_of(&file, dir.path());
    for shown in ["Jonas Berg", "Data Engineer", "Fjord Data AS", "Nordic Bank", "Analyst", "Oslo"] {
        assert!(page.contains(shown), "{shown:?}");
    }
}

#[test]
fn a_second_import_without_force_refuses_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resume.yaml");
    std::fs::write(&file, "basics: {name: Mine}\n").unwrap();
    let out =
        bin().args(["import", "linkedin"]).arg(fixture("linkedin-basic")).arg("--out").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already exists") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "basics: {name: Mine}\n");
    let forced = bin()
        .args(["import", "linkedin", "--force"])
        .arg(fixture("linkedin-basic"))
        .arg("--out")
        .arg(&file)
        .output()
        .unwrap();
    assert!(forced.status.success());
    assert!(std::fs::read_to_string(&file).unwrap().contains("Jonas Berg"));
    // Not an export: named, exit 2.
    let bad = dir.path().join("notes.txt");
    std::fs::write(&bad, "hello").unwrap();
    let out =
        bin().args(["import", "linkedin"]).arg(&bad).arg("--out").arg(dir.path().join("x.yaml")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a ZIP archive"));
    let empty = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["import", "linkedin"])
        .arg(empty.path())
        .arg("--out")
        .arg(dir.path().join("y.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds none of LinkedIn's files"));
}

#[test]
fn the_schema_validates_what_reads_without_warning_and_refuses_the_rest() {
    let out = bin().arg("schema").output().unwrap();
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["properties"]["meta"]["properties"]["theme"]["examples"][0], "column");
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).unwrap();
    let site_fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../resume/tests/fixtures");
    let mut files = vec![util::example_resume()];
    for dir in ["real", "as-written", "wide", "yaml"] {
        files.extend(std::fs::read_dir(site_fixtures.join(dir)).unwrap().map(|e| e.unwrap().path()));
    }
    for f in ["invalid.resume.json", "partial-dates.resume.json", "xss.resume.json"] {
        files.push(site_fixtures.join(f));
    }
    let (mut accepted, mut refused) = (0, 0);
    for file in &files {
        let Ok(loaded) = resume::read(file, false) else { continue };
        let text = std::fs::read_to_string(file).unwrap();
        let Some(value) = as_json(file, &text) else { continue };
        let valid = validator.is_valid(&value);
        if loaded.warnings.is_empty() {
            assert!(valid, "{}: read without warning, refused by the schema", file.display());
            accepted += 1;
        } else if loaded.warnings.iter().any(|w| w.message.contains("schema") || w.path != "(root)") && !valid {
            refused += 1;
        }
    }
    println!("the schema accepted {accepted} files read without warning and refused {refused} read with them");
    assert!(accepted >= 5, "{accepted} accepted");
    assert!(refused >= 10, "{refused} refused");
    // The starter, as `new` writes it in JSON.
    let starter: serde_json::Value = serde_json::from_str(&intake::starter(Path::new("resume.json"))).unwrap();
    assert!(validator.is_valid(&starter), "the starter");
    let invalid: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site_fixtures.join("invalid.resume.json")).unwrap()).unwrap();
    assert!(!validator.is_valid(&invalid), "the invalid fixture");
}

/// The file as an editor's schema check reads it: JSON as it is, YAML as its JSON.
fn as_json(file: &Path, text: &str) -> Option<serde_json::Value> {
    let text = text.trim_start_matches('\u{feff}');
    match file.extension().and_then(|e| e.to_str()) {
        Some("yaml" | "yml") => intake::yaml_to_json(text),
        _ => serde_json::from_str(text).ok(),
    }
}
