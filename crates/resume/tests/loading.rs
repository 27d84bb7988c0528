//! Reading resume files as they come: a byte-order mark, bytes that are not UTF-8, files (and
//! devices) far larger than any resume, and thousands of problems at once.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use resume::{LoadError, MAX_RESUME_BYTES, load, read};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/resume.json")
}

#[test]
fn a_byte_order_mark_is_read_past() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resume.json");
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(std::fs::read(example()).unwrap());
    std::fs::write(&file, bytes).unwrap();
    let resume = load(&file).expect("a BOM before the JSON is accepted");
    let as_json = |r| serde_json::to_value(r).unwrap();
    assert_eq!(as_json(resume), as_json(load(&example()).unwrap()), "and changes nothing");
}

#[test]
fn bytes_that_are_not_utf8_are_named_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resume.json");
    // Latin-1 "é" (0xE9) on line 3, after "    \"name\": \"Ren".
    let mut bytes = b"{\n  \"basics\": {\n    \"name\": \"Ren".to_vec();
    let offset = bytes.len();
    bytes.extend(b"\xe9\"\n  }\n}\n");
    std::fs::write(&file, bytes).unwrap();
    match load(&file) {
        Err(err @ LoadError::NotUtf8 { .. }) => {
            let LoadError::NotUtf8 { offset: at, line, column, .. } = &err else { unreachable!() };
            assert_eq!((*at, *line, *column), (offset, 3, 17));
            let message = err.to_string();
            assert!(message.starts_with(&format!("{}:3:17: ", file.display())), "{message}");
            assert!(message.contains("not UTF-8") && message.contains("save the file as UTF-8"), "{message}");
        }
        other => panic!("expected NotUtf8, got {other:?}"),
    }
}

#[test]
fn a_file_past_the_limit_is_refused_without_reading_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resume.json");
    std::fs::write(&file, vec![b' '; MAX_RESUME_BYTES as usize + 1]).unwrap();
    let err = load(&file).unwrap_err();
    assert!(matches!(err, LoadError::TooLarge { .. }), "{err:?}");
    assert!(err.to_string().contains("larger than 5 MB"), "{err}");
    // Exactly at the limit it is read (and then is not a resume: whitespace only).
    std::fs::write(&file, vec![b' '; MAX_RESUME_BYTES as usize]).unwrap();
    assert!(matches!(load(&file).unwrap_err(), LoadError::Syntax { .. }));
}

#[cfg(target_os = "linux")]
#[test]
fn an_endless_device_is_refused() {
    let err = load(Path::new("/dev/zero")).unwrap_err();
    assert!(matches!(err, LoadError::TooLarge { .. }), "{err:?}");
}

/// A resume with `n` work entries, each with a date that is not on the calendar.
fn with_problems(dir: &Path, n: usize, minified: bool) -> PathBuf {
    let work: Vec<String> =
        (0..n).map(|i| format!(r#"{{"name": "Employer {i}", "startDate": "2019-13-01"}}"#)).collect();
    let sep = if minified { "," } else { ",\n" };
    let file = dir.join(format!("resume-{n}-{minified}.json"));
    std::fs::write(&file, format!("{{\"work\": [{}]}}", work.join(sep))).unwrap();
    file
}

fn time_to_report(file: &Path, n: usize) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            // Strict: each date that is not on the calendar is a problem (else a warning each).
            match read(file, true) {
                Err(LoadError::Invalid { problems, .. }) => assert_eq!(problems.len(), n),
                other => panic!("expected {n} problems, got {other:?}"),
            }
            started.elapsed()
        })
        .min()
        .unwrap()
}

/// Eight times the problems take about eight times as long, not 64 times as when the place of
/// each problem was found by scanning the file from its start (four times took sixteen then).
/// Measured against itself, in the same run: a ratio, never a time.
#[test]
fn reporting_grows_linearly_with_the_number_of_problems() {
    let dir = tempfile::tempdir().unwrap();
    for minified in [false, true] {
        let small = time_to_report(&with_problems(dir.path(), 2_000, minified), 2_000);
        let large = time_to_report(&with_problems(dir.path(), 16_000, minified), 16_000);
        let ratio = large.as_secs_f64() / small.as_secs_f64();
        println!("minified {minified}: 2,000 problems {small:?}, 16,000 problems {large:?}: {ratio:.1}x");
        // Linear is 8x, quadratic 64x: a threshold three times from each, so that a busy
        // machine slowing one side (the fastest of three runs is taken) cannot move the verdict.
        assert!(ratio < 24.0, "8x the problems took {ratio:.1}x as long (quadratic would be 64x)");
    }
}

#[test]
fn every_problem_keeps_its_own_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let Err(LoadError::Invalid { problems, .. }) = read(&with_problems(dir.path(), 3, false), true) else {
        panic!("three problems expected")
    };
    let places: Vec<(usize, usize, &str)> = problems.iter().map(|p| (p.line, p.column, p.path.as_str())).collect();
    assert_eq!(places, [(1, 47, "work[0].startDate"), (2, 37, "work[1].startDate"), (3, 37, "work[2].startDate")]);
    let Err(LoadError::Invalid { problems, .. }) = read(&with_problems(dir.path(), 3, true), true) else {
        panic!("three problems expected")
    };
    let columns: Vec<usize> = problems.iter().map(|p| p.column).collect();
    assert_eq!(columns, [47, 97, 147], "a minified file: every column on line 1");
}
