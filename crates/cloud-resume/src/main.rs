//! `cloud-resume`: render a JSON Resume into a static site and serve it with a visitor counter.
//! This binary only parses the command line, sets up logging and calls into the libraries.

use std::process::ExitCode;

use clap::Parser;

mod cli;
mod cmd;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    init_logging();
    let result = match cli.command {
        cli::Command::Serve(args) => cmd::serve::run(args),
        cli::Command::Build(args) => cmd::build::run(args),
        cli::Command::Check(args) => cmd::check::run(args),
        cli::Command::Link(args) => cmd::report::link(args),
        cli::Command::Stats(args) => cmd::report::stats(args),
        #[cfg(feature = "aws")]
        cli::Command::Table(command) => cmd::table::run(command),
        #[cfg(feature = "aws")]
        cli::Command::Deploy(cli::DeployCommand::Site(args)) => cmd::deploy::site(args),
        #[cfg(feature = "aws")]
        cli::Command::Deploy(cli::DeployCommand::Api(args)) => cmd::deploy::api(args),
        #[cfg(feature = "aws")]
        cli::Command::Rollback(cli::RollbackCommand::Api(args)) => cmd::deploy::rollback_api(args),
        #[cfg(not(feature = "aws"))]
        cli::Command::Deploy(cli::DeployCommand::Site(args)) => {
            let rendered = match args.dir {
                Some(_) => Ok(()),
                None => cmd::render_resume(&args.resume, args.theme.as_deref(), args.strict, args.lang).map(drop),
            };
            rendered.and_then(|()| cmd::without_aws("deploy site"))
        }
        #[cfg(not(feature = "aws"))]
        cli::Command::Deploy(cli::DeployCommand::Api(_)) => cmd::without_aws("deploy api"),
        #[cfg(not(feature = "aws"))]
        cli::Command::Rollback(_) => cmd::without_aws("rollback api"),
        #[cfg(not(feature = "aws"))]
        cli::Command::Table(_) => cmd::without_aws("table create"),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(cmd::exit_code(&err))
        }
    }
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
