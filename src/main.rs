//! The `qe2rdf` command line: parse the arguments, run one subcommand, map the outcome to
//! an exit code (0 ok, 1 some input rejected, 2 usage or I/O error).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(cli::Outcome::Success) => ExitCode::SUCCESS,
        Ok(cli::Outcome::InputRejected) => ExitCode::from(1),
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("qe2rdf: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// A reader that closed the pipe (`qe2rdf convert … | head`) is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
