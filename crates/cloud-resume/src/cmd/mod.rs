use std::path::Path;

pub mod build;
pub mod check;
#[cfg(feature = "aws")]
pub mod deploy;
pub mod report;
pub mod serve;
#[cfg(feature = "aws")]
pub mod table;
pub mod watch;

/// Invalid input (a resume or theme that cannot be read, parsed or rendered) exits with 2,
/// every other failure with 1.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    let invalid_input = err.chain().any(|cause| {
        cause.downcast_ref::<site::BuildError>().is_some_and(site::BuildError::is_invalid_input)
            || cause.downcast_ref::<site::LoadError>().is_some()
    });
    if invalid_input { 2 } else { 1 }
}

/// What `args` make the site from.
pub fn sources(resume: &Path, theme: Option<&Path>, strict: bool, lang: Option<site::Lang>) -> site::Sources {
    site::Sources {
        resume: resume.to_owned(),
        theme: theme.map(Path::to_owned),
        strict,
        lang,
        extras: site::Extras::default(),
    }
}

/// Builds the site; what the reading rules read goes to stderr as warnings (errors with
/// `strict`).
pub fn build_site(sources: &site::Sources) -> anyhow::Result<site::Built> {
    let built = site::build(sources)?;
    eprint!("{}", warnings(&sources.resume, &built.warnings));
    Ok(built)
}

/// Loads, checks and renders the resume (see [`build_site`]).
pub fn render_resume(
    resume: &Path,
    theme: Option<&Path>,
    strict: bool,
    lang: Option<site::Lang>,
) -> anyhow::Result<site::Site> {
    Ok(build_site(&sources(resume, theme, strict, lang))?.site)
}

/// One line per reading beyond the schema, with its place and what to write instead.
pub fn warnings(file: &Path, warnings: &[site::Problem]) -> String {
    site::warnings_text(file, warnings)
}

/// The store `args` name. SQLite `reopening` (for `serve`) waits out a file it cannot open yet
/// rather than failing: the API answers 503 until it can.
pub async fn open_store(
    args: &crate::cli::StoreArgs,
    reopening: bool,
) -> anyhow::Result<std::sync::Arc<dyn counter::Store>> {
    use crate::cli::StoreKind;
    use anyhow::Context;
    Ok(match (args.kind, &args.table) {
        (StoreKind::Sqlite, _) => {
            std::fs::create_dir_all(&args.data_dir)
                .with_context(|| format!("creating the data directory {}", args.data_dir.display()))?;
            let file = args.data_dir.join("counter.sqlite3");
            if reopening {
                std::sync::Arc::new(counter::ReopeningSqlite::open(file).await)
            } else {
                let store = counter::SqliteStore::open(&file).with_context(|| format!("opening {}", file.display()))?;
                std::sync::Arc::new(store)
            }
        }
        #[cfg(feature = "aws")]
        (StoreKind::Dynamodb, Some(table)) => {
            tracing::info!(table, "counting in DynamoDB");
            let client = counter::settings::dynamodb_client(args.store_timeout).await;
            std::sync::Arc::new(counter::DynamoStore::new(client, table.clone()))
        }
        #[cfg(not(feature = "aws"))]
        (StoreKind::Dynamodb, Some(_)) => {
            without_aws("--store dynamodb")?;
            unreachable!("without_aws always answers an error")
        }
        (StoreKind::Dynamodb, None) => anyhow::bail!("--store dynamodb needs --table NAME"),
    })
}

/// What the AWS commands answer in a build without them; `deploy site` still renders first, so
/// that a resume's problems show wherever it runs.
#[cfg(not(feature = "aws"))]
pub fn without_aws(command: &str) -> anyhow::Result<()> {
    anyhow::bail!(
        "this cloud-resume was built without the AWS commands, so it cannot run `{command}`; \
         build it with them: cargo build --release --features aws -p cloud-resume"
    )
}
