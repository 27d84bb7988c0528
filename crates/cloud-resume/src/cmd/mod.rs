use std::path::Path;

pub mod build;
pub mod check;
pub mod deploy;
pub mod pdf;
pub mod serve;
pub mod table;

/// Invalid input (a resume or theme that cannot be read, parsed or rendered) exits with 2,
/// every other failure with 1.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    let invalid_input = err.chain().any(|cause| {
        cause.downcast_ref::<site::LoadError>().is_some()
            || matches!(
                cause.downcast_ref::<site::RenderError>(),
                Some(
                    site::RenderError::Template { .. }
                        | site::RenderError::Theme { .. }
                        | site::RenderError::EmptyTheme { .. }
                )
            )
    });
    if invalid_input { 2 } else { 1 }
}

/// Loads, checks and renders the resume with the built-in theme or the one in `theme`; what the
/// reading rules read goes to stderr as warnings (errors with `strict`).
pub fn render_resume(
    resume: &Path,
    theme: Option<&Path>,
    strict: bool,
    lang: Option<site::Lang>,
) -> anyhow::Result<site::Site> {
    let loaded = site::read(resume, strict)?;
    eprint!("{}", warnings(resume, &loaded.warnings));
    let mut resume = loaded.resume;
    resume.lang = lang.or(resume.lang);
    let theme = match theme {
        Some(dir) => site::Theme::from_dir(dir)?,
        None => site::Theme::builtin(),
    };
    Ok(site::render(&resume, &theme)?)
}

/// One line per reading beyond the schema, with its place and what to write instead.
pub fn warnings(file: &Path, warnings: &[site::Problem]) -> String {
    let mut out = String::new();
    for w in warnings {
        out.push_str(&format!("warning: {}:{}:{}: {}: {}\n", file.display(), w.line, w.column, w.path, w.message));
    }
    if !warnings.is_empty() {
        let n = warnings.len();
        out.push_str(&format!(
            "warning: {} was read with {n} reading{} beyond the JSON Resume schema (above); --strict refuses {}\n",
            file.display(),
            if n == 1 { "" } else { "s" },
            if n == 1 { "it" } else { "them" }
        ));
    }
    out
}

/// A DynamoDB client from the standard AWS environment. An unreachable endpoint fails within
/// the 1 s connect timeout (a quick 503); a slow but working one gets up to `timeout` for a call,
/// in at most two attempts of half that each.
pub async fn dynamodb_client(timeout: std::time::Duration) -> aws_sdk_dynamodb::Client {
    let connect = std::time::Duration::from_secs(1).min(timeout);
    let config = aws_sdk_config(connect, timeout / 2, timeout, 2).await;
    aws_sdk_dynamodb::Client::new(&config)
}

/// The standard AWS environment (region, credentials, `AWS_ENDPOINT_URL[_<SERVICE>]`) with
/// these timeouts and at most `attempts` tries per call.
pub async fn aws_sdk_config(
    connect: std::time::Duration,
    attempt: std::time::Duration,
    operation: std::time::Duration,
    attempts: u32,
) -> aws_config::SdkConfig {
    use aws_config::retry::RetryConfig;
    use aws_config::timeout::TimeoutConfig;

    let timeouts = TimeoutConfig::builder()
        .connect_timeout(connect)
        .operation_attempt_timeout(attempt)
        .operation_timeout(operation)
        .build();
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .timeout_config(timeouts)
        .retry_config(RetryConfig::standard().with_max_attempts(attempts))
        .load()
        .await
}
