//! Command-line types (clap derive) and dispatch. Each subcommand lives in its own file:
//! it turns its arguments into library options and makes one library call.

mod completions;
mod convert;
mod export;
mod load;
mod parse;
mod push;
mod query;
mod report;
mod search;
mod serve;
mod stats;
mod sync;
mod validate;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use qe2rdf::export::ExportFormat;
use qe2rdf::rdf::{DEFAULT_BASE, IriMinter};
use qe2rdf::store::results::ResultsFormat;

/// What a successful run reports to `main`.
pub enum Outcome {
    /// Everything went through.
    Success,
    /// Some input was rejected (exit code 1); the rest went through.
    InputRejected,
}

/// Turn French National Assembly parliamentary questions into linked data.
///
/// Reads text copied from question pages (classic and current designs), saved HTML pages,
/// the Assembly's open-data JSON (also zipped, also whole dumps) and legacy XML; writes RDF;
/// keeps an embedded SPARQL store; answers bundled queries.
///
/// Exit codes: 0 ok, 1 some input rejected, 2 usage or I/O error.
#[derive(Debug, Parser)]
#[command(name = "qe2rdf", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert questions to RDF (Turtle on standard output by default).
    Convert(convert::ConvertArgs),
    /// Load questions into the embedded store (one named graph per question).
    Load(load::LoadArgs),
    /// Run a bundled query (by name), a query file or a SPARQL text on the store.
    Query(query::QueryArgs),
    /// List the bundled queries.
    Queries,
    /// Export the store, or one question's graph, in any RDF format.
    Export(export::ExportArgs),
    /// Print counts of the store; optionally write its VoID/DCAT description.
    Stats(stats::StatsArgs),
    /// Print the questions read from the inputs as JSON, one object per line.
    Parse(parse::ParseArgs),
    /// Check inputs (converted in memory) or the store against SHACL shapes: the shipped ones, or your own with --shapes.
    Validate(validate::ValidateArgs),
    /// Serve the store over HTTP: SPARQL endpoint at /query, query page at /.
    Serve(serve::ServeArgs),
    /// Send the store's graphs to another triple store (SPARQL Graph Store Protocol).
    Push(push::PushArgs),
    /// Search the questions of the store (words, "phrases", OR, -word, filters).
    Search(search::SearchArgs),
    /// Show the search index's state, or make it anew from the store (--rebuild).
    Index(search::IndexArgs),
    /// Keep the store current with the Assembly's archives (conditional downloads, only
    /// what changed is written, a change log).
    Sync(sync::SyncArgs),
    /// List the questions a sync added or changed since a time.
    Changes(sync::ChangesArgs),
    /// Print the completion script of a shell (bash, zsh, fish, elvish, powershell).
    Completions(completions::CompletionsArgs),
    /// Print the manual page, or write every page into a folder (--dir).
    Man(completions::ManArgs),
}

/// Options shared by the subcommands that use the store.
#[derive(Debug, Clone, clap::Args)]
pub struct StoreArgs {
    /// Store directory.
    #[arg(
        long,
        env = "QE2RDF_STORE",
        default_value = "qe2rdf-store",
        value_name = "DIR"
    )]
    pub store: PathBuf,
}

/// The base of instance IRIs.
#[derive(Debug, Clone, clap::Args)]
pub struct BaseArgs {
    /// Base of the IRIs minted for questions, deputies, ministries… (must end with / or #).
    #[arg(long, default_value = DEFAULT_BASE, value_name = "IRI")]
    pub base: String,
}

impl BaseArgs {
    /// The minter for this base.
    pub fn minter(&self) -> anyhow::Result<IriMinter> {
        Ok(IriMinter::new(&self.base)?)
    }
}

/// Linking options.
#[derive(Debug, Clone, clap::Args)]
pub struct LinkArgs {
    /// A folder or zip of the open data's AMO files (acteur and organe documents, JSON or
    /// XML, one per file or whole dumps), newer than the reference data compiled in (the
    /// AMO data of 2026-01-29): they are looked up first, the compiled tables fill in.
    #[arg(long, value_name = "DIR|ZIP")]
    pub actors: Option<PathBuf>,
}

impl LinkArgs {
    /// The linker, with the AMO files when given.
    pub fn linker(&self, reporter: &mut report::Reporter) -> anyhow::Result<qe2rdf::link::Linker> {
        let Some(path) = &self.actors else {
            return Ok(qe2rdf::link::Linker::new());
        };
        let mut warnings = Vec::new();
        let (tables, counts) = qe2rdf::link::actors::load_actors(path, &mut warnings)
            .map_err(|e| anyhow::anyhow!("--actors: {e}"))?;
        for w in &warnings {
            reporter.warning(w);
        }
        reporter.note(&format!(
            "--actors: {} actors ({} deputy mandates, {} government posts), {} organs from {}{}",
            counts.actors,
            counts.deputy_rows,
            counts.posts,
            counts.organs,
            path.display(),
            counts
                .newest
                .map(|d| format!(", newest date {d}"))
                .unwrap_or_default()
        ));
        let snapshot = counts.newest.map(|date| qe2rdf::model::ReferenceSnapshot {
            source: "amo".into(),
            date,
            origin: path
                .file_name()
                .map_or_else(|| "actors".into(), |n| n.to_string_lossy().into_owned()),
        });
        Ok(qe2rdf::link::Linker::with_actors(tables, snapshot))
    }
}

/// RDF formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RdfFormatArg {
    /// Turtle (prefixes, grouped by subject).
    Turtle,
    /// N-Triples.
    Ntriples,
    /// N-Quads (with the named graphs).
    Nquads,
    /// TriG (with the named graphs).
    Trig,
    /// RDF/XML.
    Rdfxml,
    /// JSON-LD (compacted with the qe2rdf context).
    Jsonld,
}

impl From<RdfFormatArg> for ExportFormat {
    fn from(f: RdfFormatArg) -> Self {
        match f {
            RdfFormatArg::Turtle => Self::Turtle,
            RdfFormatArg::Ntriples => Self::NTriples,
            RdfFormatArg::Nquads => Self::NQuads,
            RdfFormatArg::Trig => Self::TriG,
            RdfFormatArg::Rdfxml => Self::RdfXml,
            RdfFormatArg::Jsonld => Self::JsonLd,
        }
    }
}

/// Query result formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResultsFormatArg {
    /// Aligned table for people (default on a terminal).
    Table,
    /// CSV.
    Csv,
    /// TSV (default when piped).
    Tsv,
    /// SPARQL results JSON.
    Json,
    /// SPARQL results XML.
    Xml,
    /// Turtle (CONSTRUCT and DESCRIBE).
    Turtle,
    /// N-Triples (CONSTRUCT and DESCRIBE).
    Ntriples,
}

impl From<ResultsFormatArg> for ResultsFormat {
    fn from(f: ResultsFormatArg) -> Self {
        match f {
            ResultsFormatArg::Table => Self::Table,
            ResultsFormatArg::Csv => Self::Csv,
            ResultsFormatArg::Tsv => Self::Tsv,
            ResultsFormatArg::Json => Self::Json,
            ResultsFormatArg::Xml => Self::Xml,
            ResultsFormatArg::Turtle => Self::Turtle,
            ResultsFormatArg::Ntriples => Self::NTriples,
        }
    }
}

/// Runs the subcommand.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Convert(args) => convert::run(&args),
        Command::Load(args) => load::run(&args),
        Command::Query(args) => query::run(&args),
        Command::Queries => query::list(),
        Command::Export(args) => export::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Parse(args) => parse::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Push(args) => push::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Index(args) => search::index(&args),
        Command::Sync(args) => sync::run(&args),
        Command::Changes(args) => sync::changes(&args),
        Command::Completions(args) => completions::completions(&args),
        Command::Man(args) => completions::man(&args),
    }
}
