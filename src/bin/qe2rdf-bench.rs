//! `qe2rdf-bench`: tools for the benchmarks of `BENCHMARKS.md`.
//!
//! - `gen`: writes a deterministic corpus (classic page text or an open-data JSON dump);
//! - `rdf-io`: Oxigraph alone, parsing N-Triples and writing N-Triples or Turtle (the limit
//!   of pure RDF I/O, with no domain work);
//! - `bulk-load`: Oxigraph's own bulk loader, loading N-Quads into a new store (the limit of
//!   the store).

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::store::Store;
use qe2rdf::corpus::{CorpusGenerator, json_value, write_text};

#[derive(Parser)]
#[command(name = "qe2rdf-bench", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum CorpusFormat {
    /// Classic page text, the questions one after another.
    Text,
    /// An open-data dump, `{"questions": {"question": [ … ]}}`.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum IoFormat {
    Ntriples,
    Turtle,
}

#[derive(Subcommand)]
enum Command {
    /// Write a deterministic corpus of questions.
    Gen {
        /// Number of questions.
        #[arg(long, default_value_t = 1000)]
        count: usize,
        /// Seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Form of the corpus.
        #[arg(short, long, value_enum, default_value = "text")]
        format: CorpusFormat,
        /// Output file.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Parse N-Triples and write them again with Oxigraph alone.
    RdfIo {
        /// N-Triples input.
        input: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "ntriples")]
        to: IoFormat,
        /// Output file.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Load N-Quads into a new store with Oxigraph's bulk loader.
    BulkLoad {
        /// N-Quads input.
        input: PathBuf,
        /// Store directory (must not exist).
        #[arg(long)]
        store: PathBuf,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Gen {
            count,
            seed,
            format,
            output,
        } => {
            let mut out = BufWriter::with_capacity(
                1 << 20,
                File::create(&output).with_context(|| output.display().to_string())?,
            );
            let mut generator = CorpusGenerator::new(seed);
            let mut buffer = String::new();
            if matches!(format, CorpusFormat::Json) {
                out.write_all(b"{\"questions\": {\"question\": [\n")?;
            }
            for i in 0..count {
                let q = generator.next_question();
                buffer.clear();
                match format {
                    CorpusFormat::Text => write_text(&q, &mut buffer),
                    CorpusFormat::Json => {
                        if i > 0 {
                            buffer.push_str(",\n");
                        }
                        buffer.push_str(&serde_json::to_string(
                            &serde_json::json!({ "question": json_value(&q) }),
                        )?);
                    }
                }
                out.write_all(buffer.as_bytes())?;
            }
            if matches!(format, CorpusFormat::Json) {
                out.write_all(b"\n]}}\n")?;
            }
            out.flush()?;
        }
        Command::RdfIo { input, to, output } => {
            let reader = BufReader::with_capacity(1 << 20, File::open(&input)?);
            let format = match to {
                IoFormat::Ntriples => RdfFormat::NTriples,
                IoFormat::Turtle => RdfFormat::Turtle,
            };
            let mut serializer = RdfSerializer::from_format(format)
                .for_writer(BufWriter::with_capacity(1 << 20, File::create(&output)?));
            for quad in RdfParser::from_format(RdfFormat::NTriples).for_reader(reader) {
                serializer.serialize_quad(&quad?)?;
            }
            serializer.finish()?.flush()?;
        }
        Command::BulkLoad { input, store } => {
            anyhow::ensure!(!store.exists(), "{} exists", store.display());
            let store = Store::open(&store)?;
            let mut loader = store.bulk_loader().with_num_threads(2);
            loader.load_from_reader(
                RdfFormat::NQuads,
                BufReader::with_capacity(1 << 20, File::open(&input)?),
            )?;
            loader.commit()?;
        }
    }
    Ok(())
}
