//! `qe2rdf completions` and `qe2rdf man`: shell completions and manual pages, generated from
//! the same clap definitions as the command line itself.

use std::io::Write;
use std::path::PathBuf;

use clap::CommandFactory;

use super::{Cli, Outcome};

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write `qe2rdf.1` and one page per subcommand (`qe2rdf-convert.1`, …) into this
    /// folder, instead of the main page on standard output.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Writes the completion script of a shell on standard output.
pub fn completions(args: &CompletionsArgs) -> anyhow::Result<Outcome> {
    let mut command = Cli::command();
    // Written into memory first: the generator stops the process on a write error, and a
    // reader closing the pipe (`qe2rdf completions bash | head`) is not one.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "qe2rdf", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(Outcome::Success)
}

/// Writes the manual pages.
pub fn man(args: &ManArgs) -> anyhow::Result<Outcome> {
    let command = Cli::command();
    let Some(dir) = &args.dir else {
        let mut out = std::io::stdout().lock();
        clap_mangen::Man::new(command).render(&mut out)?;
        out.flush()?;
        return Ok(Outcome::Success);
    };
    std::fs::create_dir_all(dir)?;
    let mut written = vec![write_page(dir, "qe2rdf", command.clone())?];
    for sub in command.get_subcommands() {
        let name = format!("qe2rdf-{}", sub.get_name());
        let page = sub.clone().name(name.clone());
        written.push(write_page(dir, &name, page)?);
    }
    eprintln!(
        "wrote {} manual pages in {} (read one with: man -l {}/qe2rdf.1)",
        written.len(),
        dir.display(),
        dir.display()
    );
    Ok(Outcome::Success)
}

fn write_page(
    dir: &std::path::Path,
    name: &str,
    command: clap::Command,
) -> anyhow::Result<PathBuf> {
    let path = dir.join(format!("{name}.1"));
    let mut bytes = Vec::new();
    clap_mangen::Man::new(command).render(&mut bytes)?;
    std::fs::write(&path, bytes)?;
    Ok(path)
}
