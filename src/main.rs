//! The `qe2rdf` command line: parse the arguments, run one subcommand, map the outcome to
//! an exit code (0 ok, 1 some input rejected, 2 usage or I/O error).

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: the workers allocate and free many small strings, often on another thread
/// than the one that made them; glibc's allocator spent a fifth of the time there. It
/// replaces `malloc` for the whole process (`override`), C++ included: memory that RocksDB
/// allocates and Rust frees (error messages) must come from the same allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
