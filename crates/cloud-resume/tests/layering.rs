//! The arrows of the workspace (design.md): the binaries are thin and nothing depends on them;
//! reading a resume (`resume`) knows no renderer; the HTML renderer (`site`) and the PDF
//! renderer (`print`) each read the resume and the theme and know nothing of each other; the
//! API knows no site and no concrete store; the Lambda function carries no SQLite, no site and
//! no deploy SDK. Read from `cargo metadata`, so a new dependency that breaks an arrow fails here.

use std::collections::{BTreeMap, BTreeSet};

/// Each workspace crate's dependencies (normal ones, any kind of target) on other workspace
/// crates, transitively; and its direct dependencies of any name.
fn workspace() -> (BTreeMap<String, BTreeSet<String>>, BTreeMap<String, BTreeSet<String>>) {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&out.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let ours: BTreeSet<String> = packages.iter().map(|p| p["name"].as_str().unwrap().to_owned()).collect();
    let mut direct = BTreeMap::new();
    for p in packages {
        let deps: BTreeSet<String> = p["dependencies"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["kind"].is_null())
            .map(|d| d["name"].as_str().unwrap().to_owned())
            .collect();
        direct.insert(p["name"].as_str().unwrap().to_owned(), deps);
    }
    let mut closure = BTreeMap::new();
    for name in &ours {
        let mut seen = BTreeSet::new();
        let mut todo = vec![name.clone()];
        while let Some(next) = todo.pop() {
            for dep in direct.get(&next).into_iter().flatten().filter(|d| ours.contains(*d)) {
                if seen.insert(dep.clone()) {
                    todo.push(dep.clone());
                }
            }
        }
        closure.insert(name.clone(), seen);
    }
    (closure, direct)
}

#[test]
fn every_crate_keeps_to_its_side_of_the_arrows() {
    let (ours, direct) = workspace();
    let never: &[(&str, &[&str])] = &[
        ("theme", &["resume", "site", "print", "counter", "api", "server", "deploy", "intake"]),
        ("resume", &["site", "print", "counter", "api", "server", "deploy"]),
        ("site", &["print", "counter", "api", "server", "deploy"]),
        ("print", &["site", "counter", "api", "server", "deploy"]),
        ("counter", &["site", "print", "api", "resume"]),
        ("api", &["site", "print", "resume"]),
        ("intake", &["site", "print", "counter", "api", "server", "deploy"]),
        ("lambda", &["site", "print", "resume", "theme", "server", "deploy", "intake"]),
    ];
    for (krate, forbidden) in never {
        let deps = &ours[*krate];
        for f in *forbidden {
            assert!(!deps.contains(*f), "{krate} depends on {f}: {deps:?}");
        }
    }
    // Both renderers read the same resume and theme.
    for renderer in ["site", "print"] {
        assert!(
            ours[renderer].contains("resume") && ours[renderer].contains("theme"),
            "{renderer}: {:?}",
            ours[renderer]
        );
    }
    // Nothing depends on a binary.
    for (name, deps) in &ours {
        assert!(!deps.contains("cloud-resume") && !deps.contains("lambda"), "{name} depends on a binary");
    }
    // No web framework in the counter, no SQLite and no deploy SDK in the function.
    assert!(!direct["counter"].contains("axum"), "counter: {:?}", direct["counter"]);
    for dep in ["rusqlite", "aws-sdk-s3", "aws-sdk-cloudfront", "minijinja", "typst"] {
        assert!(!direct["lambda"].contains(dep), "lambda depends on {dep}");
    }
}
