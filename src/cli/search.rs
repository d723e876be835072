//! `qe2rdf search` and `qe2rdf index`: the full-text search of the store.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use anyhow::Context;
use qe2rdf::model::QuestionId;
use qe2rdf::store::QuestionStore;
use qe2rdf::store::search::{Hits, IndexState};

use super::{BaseArgs, Outcome, StoreArgs};

/// Output formats of `search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SearchFormat {
    /// Aligned table for people (default on a terminal).
    Table,
    /// CSV (default when piped).
    Csv,
    /// JSON: the total and one object per result.
    Json,
}

/// Arguments of `search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The search: words (all must match), "exact phrases", a OR b, -word, and filters
    /// legislature:16 type:QE status:answered ministry:… group:… rubric:… author:…
    /// after:2023-01-01 before:2023-12-31.
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// Results to print.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Results to skip (the next page: --offset 20).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Output format (default: table on a terminal, else CSV).
    #[arg(short, long, value_enum)]
    pub format: Option<SearchFormat>,
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub base: BaseArgs,
}

/// Arguments of `index`.
#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// Make the search index anew from the store (when it is missing, or stale after a
    /// stopped load).
    #[arg(long)]
    pub rebuild: bool,
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub base: BaseArgs,
}

/// Runs `search`.
pub fn run(args: &SearchArgs) -> anyhow::Result<Outcome> {
    let minter = args.base.minter()?;
    let store = QuestionStore::open_read_only(&args.store.store, minter.clone())?;
    let query = args.query.join(" ");
    let hits = store.search(&query, args.limit, args.offset)?;
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        SearchFormat::Table
    } else {
        SearchFormat::Csv
    });
    let iri = |uid: &str| {
        QuestionId::from_uid(uid)
            .map(|id| minter.question(&id).as_str().to_owned())
            .unwrap_or_default()
    };
    let mut out = std::io::stdout().lock();
    match format {
        SearchFormat::Json => {
            let results: Vec<serde_json::Value> =
                hits.hits.iter().map(|h| h.to_json(iri(&h.uid))).collect();
            let doc = serde_json::json!({
                "query": query,
                "total": hits.total,
                "offset": args.offset,
                "results": results,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        SearchFormat::Csv => {
            let mut line = |cells: [&str; 6]| -> std::io::Result<()> {
                let quoted: Vec<String> = cells
                    .iter()
                    .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                    .collect();
                writeln!(out, "{}", quoted.join(","))
            };
            line(["question", "uid", "score", "date", "author", "snippet"])?;
            for h in &hits.hits {
                let date = h.date.map(|d| d.to_string()).unwrap_or_default();
                let score = format!("{:.3}", h.score);
                line([
                    &iri(&h.uid),
                    &h.uid,
                    &score,
                    &date,
                    h.author.as_deref().unwrap_or(""),
                    &h.snippet,
                ])?;
            }
        }
        SearchFormat::Table => print_table(&mut out, &hits, args.offset)?,
    }
    out.flush()?;
    Ok(Outcome::Success)
}

fn print_table(out: &mut impl Write, hits: &Hits, offset: usize) -> std::io::Result<()> {
    if hits.hits.is_empty() {
        return writeln!(out, "no question matches ({} in all)", hits.total);
    }
    for (i, h) in hits.hits.iter().enumerate() {
        let date = h.date.map(|d| d.to_string()).unwrap_or_default();
        writeln!(
            out,
            "{:>3}. {}  {}  {}  score {:.2}",
            offset + i + 1,
            h.uid,
            date,
            h.author.as_deref().unwrap_or("—"),
            h.score
        )?;
        let snippet = h.snippet.replace('\n', " ");
        writeln!(out, "     {snippet}")?;
    }
    let shown = offset + hits.hits.len();
    if shown < hits.total {
        writeln!(
            out,
            "{}–{} of {} (next: --offset {shown})",
            offset + 1,
            shown,
            hits.total
        )
    } else {
        writeln!(out, "{}–{} of {}", offset + 1, shown, hits.total)
    }
}

/// Runs `index`.
pub fn index(args: &IndexArgs) -> anyhow::Result<Outcome> {
    let minter = args.base.minter()?;
    if !args.rebuild {
        let store = QuestionStore::open_read_only(&args.store.store, minter)?;
        match store.search_state() {
            IndexState::Ready { questions } => {
                println!("search index: {questions} questions, in step with the store");
            }
            IndexState::Stale { questions, pending } => println!(
                "search index: {questions} questions, stale ({pending} left behind by a stopped load): run `qe2rdf index --rebuild`"
            ),
            IndexState::Missing => {
                println!("search index: none; run `qe2rdf index --rebuild` to make it");
            }
        }
        return Ok(Outcome::Success);
    }
    let store = QuestionStore::open(&args.store.store, minter)
        .with_context(|| format!("cannot open the store {}", args.store.store.display()))?;
    let started = Instant::now();
    let questions = store.rebuild_search()?;
    eprintln!(
        "search index rebuilt: {questions} questions in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(Outcome::Success)
}
