//! schemathesis against the real server with the OpenAPI document it serves
//! (`GET /api/openapi.json`, generated from the handlers): every check, a few hundred
//! generated requests per operation. No answer may be a 5xx, and every answer must match the
//! document (status, content type, headers, body schema, 405 with Allow, invalid input refused).
//!
//! `positive_data_acceptance` allows, besides 200, the 404 of a page that is not the site's and
//! the byte limits that JSON Schema cannot state (it counts characters): a path of 256
//! characters but over 256 bytes of UTF-8 (400), a body over 1 KiB (413). A valid request
//! refused as malformed (415 for a body left out that the document called optional) fails it.
//!
//! Needs schemathesis (scripts/test installs it; SCHEMATHESIS names its `st`). One worker:
//! CPython 3.11's `ast.parse`, which Hypothesis calls to describe filters, is not safe across
//! threads ("AST constructor recursion depth mismatch").

mod util;

use std::path::Path;
use std::process::Command;

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[test]
fn the_api_matches_its_openapi_document_under_schemathesis() {
    let dir = tempfile::tempdir().unwrap();
    let server = util::Server::start(dir.path(), &[]);
    let st = std::env::var("SCHEMATHESIS").unwrap_or_else(|_| "st".to_owned());
    // One seed, printed, so that every run makes the same requests and any finding replays;
    // SCHEMATHESIS_SEED=N tries another. What must never hang on a seed (a required body left
    // out, a boundary value) the coverage phase below makes from the document itself.
    let seed: u64 = std::env::var("SCHEMATHESIS_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20_261_201);
    println!("schemathesis seed: {seed} (SCHEMATHESIS_SEED=N for another)");
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemathesis/schemathesis.toml");
    let out = Command::new(&st)
        .arg("--config-file")
        .arg(&config)
        .arg("run")
        .arg(server.url("/api/openapi.json"))
        .args(["--url", &server.url("")])
        .args(["--checks", "all"])
        // Every phase: the examples, the coverage phase (boundary and missing values chosen
        // from the document, the same every run: a required body left out among them), the
        // fuzzing phase and the stateful one.
        .args(["--phases", "examples,coverage,fuzzing,stateful", "--seed", &seed.to_string()])
        .args(["--max-examples", "300", "--workers", "1", "--no-color", "--generation-database", "none"])
        .current_dir(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("running {st} (pip install schemathesis, or set SCHEMATHESIS): {e}"));
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "schemathesis found problems (seed {seed}):\n{report}");
    assert!(report.contains("No issues found"), "{report}");
    // The four operations of the API were exercised, with real numbers of requests. (The
    // document has a fifth, its own `GET /api/openapi.json`; schemathesis's run over the whole
    // document reports "4 selected / 4 total", and selects it only when it is named alone.)
    let generated: u64 = report
        .lines()
        .find_map(|l| {
            l.trim().strip_suffix(" passed").and_then(|l| l.split(" generated, ").nth(1)).and_then(|n| n.parse().ok())
        })
        .unwrap_or(0);
    assert!(report.contains("Tested: 4") || report.contains("4 selected / 4 total"), "{report}");
    assert!(generated >= 300, "only {generated} test cases:\n{report}");
}
