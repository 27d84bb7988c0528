//! `cloud-resume`: render a JSON Resume into a static site and serve it with a visitor counter.
//!
//! This binary parses the command line, sets up logging and calls the libraries. Each
//! command's arguments live beside the code they configure: `serve` in `server::cli`, what a site
//! is made from in `site::cli`, the store and the owner's commands in `counter::cli`, the deploys
//! in `deploy::cli`. Only `build` and `check`, which join the site to the PDF printer, are here.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use counter::cli::{LinkArgs, StatsArgs, TableArgs};
use deploy::cli::{DeployApiArgs, DeploySiteArgs, FunctionArgs};
use server::cli::ServeArgs;

mod build;
mod start;

/// Your JSON Resume as a fast static site with a privacy-friendly visitor counter.
#[derive(Debug, Parser)]
#[command(name = "cloud-resume", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render the resume and serve the site and its counter API on one local address.
    Serve(ServeArgs),
    /// Render the resume into a folder of static files.
    Build(build::BuildArgs),
    /// Check a resume against the JSON Resume schema and report every problem.
    Check(build::CheckArgs),
    /// List the built-in themes, each with a line on how it looks.
    Themes,
    /// Write a starter resume to fill in (YAML with a comment on every field, or JSON for a
    /// .json name), and the JSON Schema beside it for editors. Never overwrites a file.
    New(start::NewArgs),
    /// Read a resume from what another tool exported.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Print the JSON Schema of what cloud-resume reads (JSON Resume 1.0 with meta.theme and
    /// meta.lang), for editors to check and complete a resume as it is typed.
    Schema,
    /// Manage the DynamoDB table of the counter (for local DynamoDB-compatible endpoints; in
    /// AWS, Terraform owns the table).
    #[command(subcommand)]
    Table(TableCommand),
    /// Ship the site to S3 + CloudFront or a new API version to Lambda. Uses the standard AWS
    /// environment (AWS_REGION, AWS_PROFILE or credentials, AWS_ENDPOINT_URL).
    #[command(subcommand)]
    Deploy(DeployCommand),
    /// Undo a deploy.
    #[command(subcommand)]
    Rollback(RollbackCommand),
    /// Make a share link for one application (NAME, e.g. acme-backend-role) and print its URL;
    /// views through it show under NAME in `cloud-resume stats --by ref`.
    Link(LinkArgs),
    /// The owner's report, read from the store itself: views by share link, referring site,
    /// country or day. Nothing of it is reachable over HTTP.
    Stats(StatsArgs),
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    /// Read the data export LinkedIn sends you (Settings → Data privacy → Get a copy of your
    /// data: the ZIP, or the folder it unpacks to) and write it as a resume.
    Linkedin(start::LinkedinArgs),
}

#[derive(Debug, Subcommand)]
enum DeployCommand {
    /// Upload what changed to the bucket (assets before pages), delete what is gone, and
    /// invalidate only the changed paths in CloudFront.
    Site(DeploySiteArgs),
    /// Publish a new version of the function, smoke-test that version, then move the alias to it
    /// (at once, or through a canary share with --canary).
    Api(DeployApiArgs),
}

#[derive(Debug, Subcommand)]
enum RollbackCommand {
    /// Move the alias back to the version it pointed at before the last deploy.
    Api(FunctionArgs),
}

#[derive(Debug, Subcommand)]
enum TableCommand {
    /// Create the table (on-demand, TTL on expires_at) unless it exists, and wait until it is
    /// active. Uses the standard AWS environment (AWS_REGION, AWS_ENDPOINT_URL, credentials).
    Create(TableArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(exit_code(&err))
        }
    }
}

fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => runtime(true)?.block_on(server::cli::serve(args)),
        Command::Build(args) => build::build(args),
        Command::Check(args) => build::check(args),
        Command::Themes => {
            build::themes();
            Ok(())
        }
        Command::New(args) => start::new(args),
        Command::Import(ImportCommand::Linkedin(args)) => start::linkedin(args),
        Command::Schema => {
            print!("{}", intake::schema());
            Ok(())
        }
        Command::Link(args) => runtime(false)?.block_on(counter::cli::link(args)),
        Command::Stats(args) => runtime(false)?.block_on(counter::cli::stats(args)),
        #[cfg(feature = "aws")]
        Command::Table(TableCommand::Create(args)) => runtime(false)?.block_on(counter::cli::create_table(args)),
        #[cfg(feature = "aws")]
        Command::Deploy(DeployCommand::Site(args)) => runtime(false)?.block_on(deploy::cli::deploy_site(args)),
        #[cfg(feature = "aws")]
        Command::Deploy(DeployCommand::Api(args)) => runtime(false)?.block_on(deploy::cli::deploy_api(args)),
        #[cfg(feature = "aws")]
        Command::Rollback(RollbackCommand::Api(args)) => runtime(false)?.block_on(deploy::cli::rollback_api(args)),
        // Without the AWS commands `deploy site` still renders first, so that a resume's
        // problems show wherever it runs.
        #[cfg(not(feature = "aws"))]
        Command::Deploy(DeployCommand::Site(args)) => {
            if args.dir.is_none() {
                site::cli::build_reporting(&args.source.sources())?;
            }
            anyhow::bail!(counter::cli::without_aws("deploy site"))
        }
        #[cfg(not(feature = "aws"))]
        Command::Deploy(DeployCommand::Api(_)) => anyhow::bail!(counter::cli::without_aws("deploy api")),
        #[cfg(not(feature = "aws"))]
        Command::Rollback(_) => anyhow::bail!(counter::cli::without_aws("rollback api")),
        #[cfg(not(feature = "aws"))]
        Command::Table(_) => anyhow::bail!(counter::cli::without_aws("table create")),
    }
}

/// A runtime for one command: `serve` gets worker threads, the others one thread.
fn runtime(workers: bool) -> anyhow::Result<tokio::runtime::Runtime> {
    use tokio::runtime::Builder;
    let mut builder = if workers { Builder::new_multi_thread() } else { Builder::new_current_thread() };
    anyhow::Context::context(builder.enable_all().build(), "starting the async runtime")
}

/// Invalid input (a resume or theme that cannot be read, parsed or rendered) exits with 2,
/// every other failure with 1.
fn exit_code(err: &anyhow::Error) -> u8 {
    let invalid_input = err.chain().any(|cause| {
        cause.downcast_ref::<site::BuildError>().is_some_and(site::BuildError::is_invalid_input)
            || cause.downcast_ref::<resume::LoadError>().is_some()
            || cause.downcast_ref::<intake::linkedin::ImportError>().is_some()
            || matches!(cause.downcast_ref::<intake::WriteError>(), Some(intake::WriteError::Exists { .. }))
    });
    if invalid_input { 2 } else { 1 }
}

/// Logs to stderr, filtered by `RUST_LOG` (default: `info`). No level names a client: the
/// accept loop (`server`) logs no peer address, and hyper is built without its logging.
fn init_logging() {
    use std::io::IsTerminal;
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .init();
}
