//! `qe2rdf query` and `qe2rdf queries`.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use oxigraph::model::{Literal, NamedNode, Term};
use qe2rdf::store::queries;
use qe2rdf::store::results::{ResultsFormat, write_query_output};
use qe2rdf::store::{QueryOptions, QuestionStore, StoreError};

use super::{BaseArgs, Outcome, ResultsFormatArg, StoreArgs};

/// Arguments of `query`.
#[derive(Debug, clap::Args)]
pub struct QueryArgs {
    /// A bundled query name (see `qe2rdf queries`) or a .rq file.
    #[arg(
        value_name = "NAME|FILE.rq",
        required_unless_present = "sparql",
        conflicts_with = "sparql"
    )]
    pub query: Option<String>,
    /// A SPARQL query given on the command line.
    #[arg(long, value_name = "TEXT")]
    pub sparql: Option<String>,
    /// A parameter of the query, as name=value (repeatable). For files and --sparql, values
    /// that look like integers, dates (YYYY-MM-DD) or <IRIs> are typed accordingly.
    #[arg(short, long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Output format (default: table on a terminal, else TSV).
    #[arg(short, long, value_enum)]
    pub format: Option<ResultsFormatArg>,
    /// Cancel the query after this many seconds.
    #[arg(long, default_value_t = 300)]
    pub timeout: u64,
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub base: BaseArgs,
}

fn untyped_binding(pair: &str) -> anyhow::Result<(String, Term)> {
    let (name, value) = pair
        .split_once('=')
        .with_context(|| format!("parameter {pair:?} is not of the form name=value"))?;
    let value = value.trim();
    let term: Term = if let Ok(n) = value.parse::<i64>() {
        qe2rdf::rdf::integer(n).into()
    } else if let Some(d) = qe2rdf::text::parse_iso_date(value)
        .ok()
        .filter(|_| value.len() == 10)
    {
        qe2rdf::rdf::date(d).into()
    } else if let Some(iri) = value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
        NamedNode::new(iri)
            .with_context(|| format!("parameter {name}: invalid IRI {iri:?}"))?
            .into()
    } else {
        Literal::new_simple_literal(value).into()
    };
    Ok((name.trim().to_owned(), term))
}

pub fn run(args: &QueryArgs) -> anyhow::Result<Outcome> {
    let (sparql, bindings): (String, Vec<(String, Term)>) = match (&args.query, &args.sparql) {
        (_, Some(text)) => (
            text.clone(),
            args.params
                .iter()
                .map(|p| untyped_binding(p))
                .collect::<anyhow::Result<_>>()?,
        ),
        (Some(name), None) if name.ends_with(".rq") || Path::new(name).is_file() => {
            let text = std::fs::read_to_string(name)
                .with_context(|| format!("cannot read query file {name}"))?;
            (
                text,
                args.params
                    .iter()
                    .map(|p| untyped_binding(p))
                    .collect::<anyhow::Result<_>>()?,
            )
        }
        (Some(name), None) => {
            let bundled = queries::find(name)?;
            (bundled.sparql.to_owned(), bundled.bind(&args.params)?)
        }
        (None, None) => anyhow::bail!("give a query name, a .rq file or --sparql"),
    };
    let minter = args.base.minter()?;
    let options = QueryOptions {
        bindings,
        timeout: Some(Duration::from_secs(args.timeout)),
        ..QueryOptions::default()
    };
    let mut store = QuestionStore::open_read_only(&args.store.store, minter.clone())?;
    let mut result = store.query(&sparql, &options);
    // A load running beside us may have compacted away a file of our snapshot: take a
    // newer snapshot and run the query again.
    for attempt in 1..=3 {
        if !matches!(result, Err(StoreError::Storage(_))) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50 * attempt));
        store = QuestionStore::open_read_only(&args.store.store, minter.clone())?;
        result = store.query(&sparql, &options);
    }
    let output = result.map_err(|e| match e {
        StoreError::Syntax(message) => anyhow::anyhow!("SPARQL syntax error: {message}"),
        other => other.into(),
    })?;
    let format: ResultsFormat = args.format.map_or_else(
        || {
            if std::io::stdout().is_terminal() {
                ResultsFormat::Table
            } else {
                ResultsFormat::Tsv
            }
        },
        Into::into,
    );
    let stdout = std::io::stdout().lock();
    let mut out = write_query_output(&output, format, std::io::BufWriter::new(stdout))?;
    out.flush()?;
    Ok(Outcome::Success)
}

pub fn list() -> anyhow::Result<Outcome> {
    let width = queries::ALL.iter().map(|q| q.name.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for q in queries::ALL {
        writeln!(out, "{:width$}  {}", q.name, q.description())?;
    }
    Ok(Outcome::Success)
}
