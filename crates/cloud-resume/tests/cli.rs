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
    // A missing comma: no JSON, JSON-with-comments or YAML reader reads that.
    std::fs::write(&file, "{\n  \"basics\": {\n    \"name\": \"A\"\n    \"label\": \"B\"\n  }\n}\n").unwrap();
    let out = bin().arg("build").arg("--resume").arg(&file).arg("--out").arg(dir.path().join("out")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:4:5", file.display())), "{err}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_wrong_shape_under_strict_names_the_json_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resume.json");
    std::fs::write(&file, r#"{"basics": {"name": "A"}, "work": [{"name": "X", "highlights": "not a list"}]}"#).unwrap();
    let out = bin()
        .args(["serve", "--strict"])
        .arg("--resume")
        .arg(&file)
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .output()
        .unwrap();
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
        (vec!["serve", "--store-timeout", "0s"], "from 100ms to 5m"),
        (vec!["serve", "--store-timeout", "soon"], "like 2s or 10s"),
        (vec!["serve", "--addr", "localhost"], "invalid socket address"),
        (vec!["serve", "--views-per-ip-hour", "ten"], "not a whole number of views (0 turns the cap off)"),
        (vec!["serve", "--max-connections", "0"], "--max-connections"),
        (vec!["build", "--paper", "a5", "--pdf"], "possible values: a4, letter"),
        (vec!["build", "--lang", "tlh"], "the theme speaks en, de"),
        (vec!["stats", "--by", "hour"], "possible values: ref, referrer, country, day"),
        (vec!["deploy", "api", "--function", "f", "--canary", "100%"], "above 0 and below 100"),
    ] {
        let out = bin().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expect), "{args:?}: {err}");
    }
}

/// The README says every option of `serve` can also be set by an environment variable.
#[test]
fn every_serve_option_can_be_set_by_an_environment_variable() {
    let out = bin().args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    // `--help` starts each option's block with its name at the left margin (6 spaces in).
    let mut options: Vec<String> = Vec::new();
    for line in help.lines() {
        let starts_option = line.starts_with("      --") || line.starts_with("  -");
        match options.last_mut() {
            Some(block) if !starts_option => block.push_str(&format!("{line}\n")),
            _ if starts_option => options.push(format!("{line}\n")),
            _ => {}
        }
    }
    options.retain(|block| !block.trim_start().starts_with("-h, --help"));
    assert!(options.len() >= 18, "{help}");
    for block in options {
        assert!(block.contains("[env: CLOUD_RESUME_"), "no environment variable:\n{block}");
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

#[test]
fn check_reads_every_deviation_with_path_line_and_column_and_strict_refuses_them() {
    let file = util::site_fixture("invalid.resume.json");
    let f = file.display();
    let expected = [
        format!("{f}:3:13: basics.name: a list where text goes; read as \"not, a, string\""),
        format!("{f}:4:14: basics.email: \"not-an-email\" is not a valid email; shown as written"),
        format!("{f}:5:17: basics.profiles: one entry where a list goes; read as a list of that entry"),
        format!(
            "{f}:8:35: work[0].startDate: \"2019-13-45\" is not a real date: there is no month 13; shown as written"
        ),
        format!("{f}:8:63: work[0].highlights: a text where a list goes; read as a list of 1"),
        format!(
            "{f}:9:35: work[1].startDate: \"2019-02-30\" is not a real date (that month has days 1 to 28); read as 2019-02"
        ),
        format!("{f}:9:60: work[1].endDate: \"last year\" is not a date this reader knows; shown as written"),
        format!("{f}:11:43: skills[0].keywords: a text where a list goes; read as a list of 1"),
    ];
    // Read as a person reads it: warnings, exit 0.
    let out = bin().arg("check").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    for line in &expected {
        assert!(err.contains(&format!("warning: {line}")), "missing {line:?} in:\n{err}");
    }
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("reads as a resume, with 8 readings beyond the JSON Resume schema")
    );
    // --strict: the schema to the letter, each reading a problem, exit 2.
    let out = bin().args(["check", "--strict"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    for line in &expected {
        assert!(err.contains(&format!("  {line}")), "missing {line:?} in:\n{err}");
    }
    assert!(err.contains("(8 problems)") && !err.contains("warning:"), "{err}");
}

#[test]
fn a_resume_refused_by_strict_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("dist");
    let out = bin()
        .args(["build", "--strict", "--resume"])
        .arg(util::site_fixture("invalid.resume.json"))
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!out_dir.exists());
}

#[test]
fn check_accepts_partial_dates_and_the_example() {
    for file in [util::site_fixture("partial-dates.resume.json"), util::example_resume()] {
        let out = bin().arg("check").arg(&file).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("is a valid JSON Resume"));
    }
}

#[test]
fn build_uses_a_theme_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("dist");
    let out = bin()
        .args(["build", "--theme"])
        .arg(util::site_fixture("theme"))
        .arg("--resume")
        .arg(util::example_resume())
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read_to_string(out_dir.join("index.html")).unwrap().contains("custom-theme"));
    let missing = bin()
        .args(["build", "--theme", "no/such/theme", "--resume"])
        .arg(util::example_resume())
        .arg("--out")
        .arg(dir.path().join("x"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/theme"));
}

#[test]
fn themes_are_listed_and_chosen_by_name_and_an_unknown_one_lists_the_names() {
    let listed = bin().arg("themes").output().unwrap();
    assert!(listed.status.success());
    let listed = String::from_utf8_lossy(&listed.stdout);
    for theme in theme::THEMES {
        assert!(listed.lines().any(|l| l.starts_with(theme.name) && l.contains(theme.about)), "{listed}");
    }
    let dir = tempfile::tempdir().unwrap();
    for theme in theme::THEMES {
        let out_dir = dir.path().join(theme.name);
        let out = bin()
            .args(["build", "--theme", theme.name, "--resume"])
            .arg(util::example_resume())
            .arg("--out")
            .arg(&out_dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let index = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
        assert_eq!(index.contains("<aside class=\"side\""), theme.name == "sidebar");
    }
    // `check --theme` renders too, and says with which theme.
    let checked = bin().args(["check", "--theme", "serif"]).arg(util::example_resume()).output().unwrap();
    assert!(checked.status.success(), "{}", String::from_utf8_lossy(&checked.stderr));
    assert!(String::from_utf8_lossy(&checked.stderr).contains("renders with the theme serif"));
    for command in [&["build"][..], &["check"], &["serve"]] {
        let out = bin().args(command).args(["--theme", "elegant"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{command:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("\"elegant\"") && err.contains("column, margin, sidebar and serif"), "{command:?}: {err}");
    }
}

#[test]
fn build_replaces_its_own_output_and_refuses_other_folders() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("dist");
    let build =
        || bin().arg("build").arg("--resume").arg(util::example_resume()).arg("--out").arg(&out_dir).output().unwrap();
    assert!(build().status.success());
    std::fs::write(out_dir.join("assets/site.00000000.css"), "stale").unwrap();
    assert!(build().status.success());
    assert!(!out_dir.join("assets/site.00000000.css").exists(), "an earlier build's stale assets are cleared");

    let precious = dir.path().join("precious");
    std::fs::create_dir_all(&precious).unwrap();
    std::fs::write(precious.join("thesis.tex"), "years of work").unwrap();
    let out =
        bin().arg("build").arg("--resume").arg(util::example_resume()).arg("--out").arg(&precious).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("choose an empty or new folder"));
    assert_eq!(std::fs::read_to_string(precious.join("thesis.tex")).unwrap(), "years of work");
}

/// `build --pdf` with `extra` arguments, with a `PATH` that holds no browser (nor anything else):
/// the command's output and the PDF's page sizes as read back from the file (by lopdf, and the
/// page count also from the raw page tree).
fn print_pdf(resume: &std::path::Path, extra: &[&str]) -> (std::process::Output, Vec<(f64, f64)>, tempfile::TempDir) {
    let (out, dir) = util::build_pdf(resume, extra);
    let out_dir = dir.path().join("dist");
    let Ok(pdf) = std::fs::read(out_dir.join("resume.pdf")) else { return (out, Vec::new(), dir) };
    assert!(pdf.starts_with(b"%PDF-"), "a PDF file");
    let sizes = print::PdfPages::read(&pdf).unwrap().sizes;
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains(&format!("/Count {}", sizes.len())), "the page tree counts {} pages", sizes.len());
    (out, sizes, dir)
}

fn paper_of(sizes: &[(f64, f64)]) -> Option<print::Paper> {
    let first = print::Paper::of_size(sizes.first()?.0, sizes.first()?.1)?;
    sizes.iter().all(|&(w, h)| print::Paper::of_size(w, h) == Some(first)).then_some(first)
}

/// Typeset in-process: no browser on `PATH`, one page of A4 for the example.
#[test]
fn pdf_is_typeset_on_a4_by_default_and_the_page_offers_it() {
    let (out, sizes, dir) = print_pdf(&util::example_resume(), &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(paper_of(&sizes), Some(print::Paper::A4), "{sizes:?}");
    assert_eq!(sizes.len(), 1, "the example resume fits on one page of A4");
    assert!(err.contains("(A4, 1 page)"), "{err}");
    // Every theme's print design fits it on one page of Letter too (and of A4: tests/pdf.rs).
    for theme in ["column", "margin", "sidebar", "serif"] {
        let (out, sizes, _keep) = print_pdf(&util::example_resume(), &["--paper", "letter", "--theme", theme]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(paper_of(&sizes), Some(print::Paper::Letter), "{sizes:?}");
        assert_eq!(sizes.len(), 1, "{theme}: one page of Letter");
    }
    let index = std::fs::read_to_string(dir.path().join("dist/index.html")).unwrap();
    assert!(index.contains(r#"href="/resume.pdf""#), "the page links to its PDF");
    assert!(dir.path().join("dist/resume.txt").is_file(), "and the text is there too");
}

/// A theme folder replaces the print design (`print.typ`) or the whole print template
/// (`resume.typ`), as it replaces the page's templates; a broken one is an error with its line.
#[test]
fn a_theme_folder_replaces_the_print_design() {
    let dir = tempfile::tempdir().unwrap();
    let pdf_text = |theme: &std::path::Path| {
        let (out, built) = util::build_pdf(&util::example_resume(), &["--theme", theme.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = std::process::Command::new("pdftotext").arg(built.path().join("dist/resume.pdf")).arg("-").output();
        String::from_utf8_lossy(&text.unwrap().stdout).into_owned()
    };
    // The serif design with its section names in lower case, from a folder that extends serif.
    let design = dir.path().join("design");
    std::fs::create_dir(&design).unwrap();
    std::fs::write(design.join("theme.json"), r#"{"extends": "serif"}"#).unwrap();
    let serif = include_str!("../../theme/themes/serif/print.typ");
    assert!(serif.contains("smallcaps(body)"));
    std::fs::write(design.join("print.typ"), serif.replace("smallcaps(body)", "lower(body)")).unwrap();
    let text = pdf_text(&design);
    assert!(text.contains("experience") && !text.contains("Experience"), "{text}");
    // A whole template of one's own.
    let own = dir.path().join("own");
    std::fs::create_dir(&own).unwrap();
    std::fs::write(
        own.join("resume.typ"),
        "#set document(title: \"Mine\")\nMy own print design for #{{ resume.basics.name }}.\n",
    )
    .unwrap();
    assert!(pdf_text(&own).contains("My own print design for Ada Quill."));
    std::fs::write(own.join("resume.typ"), "Fine\n#let broken = (\n").unwrap();
    let (out, built) = util::build_pdf(&util::example_resume(), &["--theme", own.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("resume.typ line 2"), "{err}");
    assert!(!built.path().join("dist").exists(), "nothing is written");
}

/// A resume of many jobs in US English: Letter by default, and past `--max-pages 1` a warning
/// (an error with `--strict`, which `--paper a4` then prints on A4).
#[test]
fn pdf_paper_follows_the_resume_region_and_max_pages_warns() {
    let dir = tempfile::tempdir().unwrap();
    let mut resume: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(util::example_resume()).unwrap()).unwrap();
    resume["meta"]["lang"] = "en-US".into();
    let job = resume["work"][0].clone();
    resume["work"] = (0..14).map(|_| job.clone()).collect();
    let path = dir.path().join("long.json");
    std::fs::write(&path, resume.to_string()).unwrap();

    let (out, sizes, _keep) = print_pdf(&path, &["--max-pages", "1"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(paper_of(&sizes), Some(print::Paper::Letter), "{sizes:?}");
    assert!(sizes.len() > 1, "fourteen jobs fill more than a page");
    assert!(
        err.contains("warning: ") && err.contains(&format!("runs to {} pages, past --max-pages 1", sizes.len())),
        "{err}"
    );

    let (out, sizes, _keep) = print_pdf(&path, &["--max-pages", "1", "--paper", "a4", "--strict"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("past --max-pages 1"), "{err}");
    assert_eq!(paper_of(&sizes), Some(print::Paper::A4), "{sizes:?}");

    let out = bin()
        .arg("build")
        .arg("--resume")
        .arg(&path)
        .arg("--out")
        .arg(dir.path().join("x"))
        .args(["--paper", "a4"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--paper without --pdf is refused");
}

#[cfg(target_os = "linux")]
#[test]
fn check_of_an_endless_device_stops_with_a_clear_error() {
    let out = bin().args(["check", "/dev/zero"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    // It read 5 MB and stopped (reading the whole device once grew the process to 22 GB).
    assert!(err.contains("/dev/zero is larger than 5 MB") && err.contains("resume file"), "{err}");
}

#[test]
fn bytes_that_are_not_utf8_are_named_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resume.json");
    std::fs::write(&file, b"{\n  \"basics\": {\"name\": \"Ren\xe9\"}\n}\n").unwrap();
    let out = bin().arg("check").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:2:26: this is not UTF-8 text (byte offset 27)", file.display())), "{err}");
}

#[test]
fn warnings_are_not_errors_unless_strict() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resume.json");
    std::fs::write(
        &file,
        "{\n  \"work\": [{\"name\": \"Acme\", \"position\": \"Dev\", \"endDate\": \"Present\"}]\n}\n",
    )
    .unwrap();
    let out = bin().arg("check").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "only warnings: valid");
    let err = String::from_utf8_lossy(&out.stderr);
    let place = format!("warning: {}:2:59: work[0].endDate: \"Present\" read as ongoing", file.display());
    assert!(err.contains(&place), "{err}");
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("reads as a resume, with 1 reading beyond the JSON Resume schema")
    );

    let built =
        bin().arg("build").arg("--resume").arg(&file).arg("--out").arg(dir.path().join("out")).output().unwrap();
    assert!(built.status.success() && String::from_utf8_lossy(&built.stderr).contains(&place));
    let page = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(page.contains("Acme") && !page.contains("Present"));

    for args in [vec!["check", "--strict"], vec!["build", "--strict", "--resume"]] {
        let mut command = bin();
        command.args(&args).arg(&file);
        if args[0] == "build" {
            command.arg("--out").arg(dir.path().join("strict-out"));
        }
        let out = command.output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("2:59: work[0].endDate: \"Present\" read as ongoing"), "{err}");
    }
    assert!(!dir.path().join("strict-out").exists(), "strict and refused: nothing written");
}

#[test]
fn lang_sets_the_pages_language_and_refuses_one_the_theme_does_not_speak() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/resume.json");
    let out =
        bin().args(["build", "--lang", "de-AT", "--resume"]).arg(&example).arg("--out").arg(&out_dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert!(page.contains("<html lang=\"de\">") && page.contains(">Berufserfahrung</h2>"), "{page}");

    let out = bin()
        .args(["build", "--lang", "tlh", "--resume"])
        .arg(&example)
        .arg("--out")
        .arg(dir.path().join("x"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("en, de, fr, es, pt, ru, zh, ja, ko") && err.contains("\"tlh\""), "{err}");
}

/// `serve` and `deploy site` render before they listen or reach AWS: with --strict, a reading
/// beyond the schema stops them there, exit 2, with its place.
#[test]
fn strict_stops_serve_and_deploy_site_before_they_start() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resume.json");
    std::fs::write(&file, "{\n  \"work\": [{\"name\": \"Acme\", \"endDate\": \"Present\"}]\n}\n").unwrap();
    let runs: [Vec<std::ffi::OsString>; 2] = [
        vec![
            "serve".into(),
            "--strict".into(),
            "--addr".into(),
            "127.0.0.1:0".into(),
            "--data-dir".into(),
            dir.path().join("data").into(),
            "--resume".into(),
            file.clone().into(),
        ],
        vec![
            "deploy".into(),
            "site".into(),
            "--strict".into(),
            "--bucket".into(),
            "b".into(),
            "--distribution-id".into(),
            "D".into(),
            "--resume".into(),
            file.clone().into(),
        ],
    ];
    for args in runs {
        let out = bin().args(&args).env("AWS_ENDPOINT_URL", "http://127.0.0.1:9").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("work[0].endDate: \"Present\" read as ongoing"), "{args:?}: {err}");
    }
}

/// Without the `aws` feature (the default build, which `serve` needs no more than), each AWS
/// command says how to get it, exit 1; `deploy site` still reads the resume first.
#[cfg(not(feature = "aws"))]
#[test]
fn a_build_without_aws_says_how_to_get_the_aws_commands() {
    let dir = tempfile::tempdir().unwrap();
    let resume = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/resume.json");
    let data = dir.path().to_str().unwrap();
    let resume = resume.to_str().unwrap();
    for args in [
        &["deploy", "api", "--function", "f"][..],
        &["rollback", "api", "--function", "f"],
        &["table", "create", "--table", "t"],
        &[
            "serve",
            "--store",
            "dynamodb",
            "--table",
            "t",
            "--addr",
            "127.0.0.1:0",
            "--data-dir",
            data,
            "--resume",
            resume,
        ],
        &["deploy", "site", "--bucket", "b", "--distribution-id", "D", "--resume", resume],
    ] {
        let out = bin().args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("built without the AWS commands") && err.contains("--features aws"), "{args:?}: {err}");
    }
}

/// A YAML resume through the command line: `check` names each reading at its line and column in
/// the YAML file, and `build` renders it.
#[test]
fn a_yaml_resume_is_checked_and_built_like_a_json_one() {
    let yaml = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../resume/tests/fixtures/yaml/developer.yaml");
    let out = bin().arg("check").arg(&yaml).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("developer.yaml:22:14: work[0].endDate: \"Present\" read as ongoing"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("resume.yml");
    std::fs::write(&broken, "basics:\n  name: Ada\n    label: misplaced\n").unwrap();
    let out = bin().arg("check").arg(&broken).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("resume.yml:3:") && err.contains("not valid YAML"), "{err}");
    let out = bin().arg("build").arg("--resume").arg(&yaml).arg("--out").arg(dir.path().join("dist")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(dir.path().join("dist/index.html")).unwrap();
    assert!(page.contains("Sam Rivera") && page.contains("Staff Engineer"));
}

/// Hostile markup in HTML and in Markdown, typeset: the PDF holds the words around it and none
/// of it. No tag or handler is text, and the PDF's only links are web, mail and phone addresses.
/// Typst markup in a resume string stays text too. Needs pdftotext, which `scripts/test` installs.
#[test]
fn hostile_markup_stays_inert_in_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let resume = serde_json::json!({
        "basics": {
            "name": "Ada Example<script>document.title='PWNED'</script>",
            "label": "#panic(\"boom\") \\\" ] ) #strong[x] $x$ typst words",
            "email": "ada@example.com",
            "summary": "Kept words in **bold**. <img src=x onerror=\"document.body.innerText='PWNED'\">\
                        <script>document.body.innerText='PWNED'</script><iframe src=\"https://evil.example/\"></iframe>"
        },
        "work": [{
            "name": "Example Works",
            "position": "Engineer",
            "startDate": "2020-01",
            "summary": "<div style=\"width: expression(alert(1)); background: url(javascript:alert(1))\">Styled words</div>",
            "highlights": [
                "<a href=\"javascript:document.body.innerText='PWNED'\">html link words</a>",
                "[markdown link words](javascript:alert(1)) and <a href=\"https://example.com/ok\">a fine link</a>",
                "<svg onload=\"document.body.innerText='PWNED'\"></svg>svg words",
                "<object data=\"https://evil.example/x.swf\"></object><embed src=\"https://evil.example/y\">object words"
            ]
        }]
    });
    let path = dir.path().join("hostile.json");
    std::fs::write(&path, resume.to_string()).unwrap();
    let (out, sizes, keep) = print_pdf(&path, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!sizes.is_empty());
    let pdf_path = keep.path().join("dist/resume.pdf");
    let text = std::process::Command::new("pdftotext").arg(&pdf_path).arg("-").output().unwrap();
    assert!(text.status.success(), "pdftotext: {}", String::from_utf8_lossy(&text.stderr));
    let text = String::from_utf8(text.stdout).unwrap();
    for kept in [
        "Ada Example",
        "Kept words in bold",
        "Styled words",
        "html link words",
        "markdown link words",
        "a fine link",
        "svg words",
        "object words",
        "#panic(\"boom\")",
        "#strong[x] $x$ typst words",
    ] {
        assert!(text.contains(kept), "{kept:?} not in the PDF:\n{text}");
    }
    for inert in
        ["PWNED", "<script", "onerror", "<iframe", "<img", "<svg", "<object", "javascript", "expression(", "**"]
    {
        assert!(!text.to_lowercase().contains(&inert.to_lowercase()), "{inert:?} in the PDF:\n{text}");
    }
    // Every link the PDF holds, read from its objects (an annotation's action), is an address.
    let document = lopdf::Document::load(&pdf_path).unwrap();
    fn actions(object: &lopdf::Object, links: &mut Vec<String>) {
        match object {
            lopdf::Object::Dictionary(dict) => {
                assert!(dict.get(b"JS").is_err(), "a JavaScript action in the PDF: {dict:?}");
                if let Ok(uri) = dict.get(b"URI").and_then(lopdf::Object::as_str) {
                    links.push(String::from_utf8_lossy(uri).into_owned());
                }
                dict.iter().for_each(|(_, v)| actions(v, links));
            }
            lopdf::Object::Array(items) => items.iter().for_each(|v| actions(v, links)),
            lopdf::Object::Stream(stream) => actions(&lopdf::Object::Dictionary(stream.dict.clone()), links),
            _ => {}
        }
    }
    let mut links = Vec::new();
    document.objects.values().for_each(|object| actions(object, &mut links));
    assert!(links.iter().any(|l| l == "https://example.com/ok"), "the fine link is a link: {links:?}");
    for link in &links {
        assert!(["https://", "http://", "mailto:", "tel:"].iter().any(|s| link.starts_with(s)), "{link}");
        assert!(!link.contains("evil.example"), "{link}");
    }
}

/// `check` reads every language of a resume (its sibling files found by themselves) and says
/// each warning at its own file; `--strict` refuses a fallback between them.
#[test]
fn check_reports_every_language_at_its_file() {
    let pair = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../resume/tests/fixtures/languages/pair-de-en");
    let out = util::bin().arg("check").arg(pair.join("resume-de.json")).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("resume-en.json:1:1: basics.email: has no email"), "{err}");
    assert!(err.contains("Languages: de (") && err.contains("en (") && err.contains("at /en/)"), "{err}");
    let strict = util::bin().arg("check").arg("--strict").arg(pair.join("resume-de.json")).output().unwrap();
    assert_eq!(strict.status.code(), Some(2), "{}", String::from_utf8_lossy(&strict.stderr));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("resume-en.json"));
}
