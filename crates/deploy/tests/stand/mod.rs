//! What the deploy tests stand on in moto, shared by `crates/deploy/tests/steps.rs` and
//! `crates/cloud-resume/tests/deploy.rs` (which includes this file by path).

use std::path::Path;

use aws_sdk_lambda::primitives::Blob;

/// moto's account.
pub const ACCOUNT: &str = "123456789012";

/// Writes a zip holding one file, `bootstrap`, with `content` (python3's zipfile: no zip tool
/// needed).
pub fn write_zip(path: &Path, content: &str) {
    let status = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z: z.writestr('bootstrap', sys.argv[2])",
        ])
        .arg(path)
        .arg(content)
        .status()
        .expect("run python3");
    assert!(status.success(), "python3 could not write {}", path.display());
}

/// The function `name` as Terraform leaves it: a role of the same name, version 1 published,
/// the alias `live` on it. `endpoint` is moto's.
pub async fn function_with_alias(lambda: &aws_sdk_lambda::Client, endpoint: &str, name: &str) {
    // moto checks that the role exists: its IAM query API, without the SDK's IAM client.
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let res = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .post(endpoint)
        .header(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
        )
        .form(&[
            ("Action", "CreateRole"),
            ("Version", "2010-05-08"),
            ("RoleName", name),
            ("AssumeRolePolicyDocument", policy),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "CreateRole: {}", res.text().await.unwrap());

    let dir = tempfile::tempdir().unwrap();
    let placeholder = dir.path().join("placeholder.zip");
    write_zip(&placeholder, "placeholder");
    lambda
        .create_function()
        .function_name(name)
        .runtime(aws_sdk_lambda::types::Runtime::Providedal2023)
        .handler("bootstrap")
        .role(format!("arn:aws:iam::{ACCOUNT}:role/{name}"))
        .code(
            aws_sdk_lambda::types::FunctionCode::builder()
                .zip_file(Blob::new(std::fs::read(placeholder).unwrap()))
                .build(),
        )
        .send()
        .await
        .unwrap();
    let v1 = lambda.publish_version().function_name(name).send().await.unwrap();
    assert_eq!(v1.version(), Some("1"));
    lambda
        .create_alias()
        .function_name(name)
        .name("live")
        .function_version("1")
        .description("The version CloudFront serves; moved only by the API pipeline (deploy/rollback).")
        .send()
        .await
        .unwrap();
}
