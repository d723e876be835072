//! `qe2rdf-bench`: tools for the benchmarks of `BENCHMARKS.md`.
//!
//! - `gen`: writes a deterministic corpus (classic page text or an open-data JSON dump);
//! - `rdf-io`: Oxigraph alone, parsing N-Triples and writing N-Triples or Turtle (the limit
//!   of pure RDF I/O, with no domain work);
//! - `bulk-load`: Oxigraph's own bulk loader, loading N-Quads into a new store (the limit of
//!   the store);
//! - `load-test`: concurrent clients running the bundled queries against `qe2rdf serve`
//!   for a fixed time, with latency percentiles and errors.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

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
    /// Run the bundled queries against a server from concurrent clients.
    LoadTest {
        /// The server.
        #[arg(long, default_value = "http://127.0.0.1:7878")]
        url: String,
        /// Concurrent clients.
        #[arg(long, default_value_t = 8)]
        clients: usize,
        /// How long to run, in seconds.
        #[arg(long, default_value_t = 30)]
        seconds: u64,
        /// Also send, from one more client, a query that runs past the server's time
        /// limit, to check that it is cut and the others go on.
        #[arg(long)]
        with_slow_query: bool,
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
        Command::LoadTest {
            url,
            clients,
            seconds,
            with_slow_query,
        } => load_test(&url, clients, Duration::from_secs(seconds), with_slow_query)?,
    }
    Ok(())
}

/// One request's outcome.
struct Sample {
    query: &'static str,
    status: u16,
    latency: Duration,
}

fn get(client: &oxhttp::Client, url: &str) -> (u16, Duration) {
    let started = Instant::now();
    let request = oxhttp::model::Request::builder()
        .uri(url)
        // Results for SELECT and ASK, N-Triples for CONSTRUCT (question-graph).
        .header(
            "Accept",
            "application/sparql-results+json, application/n-triples;q=0.9",
        )
        .body(());
    let status = match request
        .map_err(std::io::Error::other)
        .and_then(|r| client.request(r))
    {
        Ok(response) => {
            let status = response.status().as_u16();
            // Read the whole answer: the latency includes the transfer.
            let _ = std::io::copy(&mut response.into_body(), &mut std::io::sink());
            status
        }
        Err(_) => 0,
    };
    (status, started.elapsed())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn load_test(base: &str, clients: usize, duration: Duration, slow: bool) -> anyhow::Result<()> {
    // The bundled queries that run without parameters, and the others with their
    // documented example values.
    let targets: Vec<(&'static str, String)> = qe2rdf::store::queries::ALL
        .iter()
        .filter_map(|q| {
            let mut params = Vec::new();
            for p in q.params().iter().filter(|p| p.required) {
                let example = q.examples().into_iter().find_map(|e| {
                    e.split_whitespace()
                        .find_map(|w| w.strip_prefix(&format!("{}=", p.name)))
                        .map(|v| v.trim_matches(['"', '\'']).to_owned())
                })?;
                params.push(format!(
                    "{}={}",
                    p.name,
                    form_urlencoded::byte_serialize(example.as_bytes()).collect::<String>()
                ));
            }
            Some((
                q.name,
                format!("{base}/queries/{}?{}", q.name, params.join("&")),
            ))
        })
        .collect();
    anyhow::ensure!(!targets.is_empty(), "no bundled query to run");
    let client = oxhttp::Client::new().with_global_timeout(Duration::from_secs(120));
    let (status, _) = get(&client, &format!("{base}/queries"));
    anyhow::ensure!(
        status == 200,
        "no qe2rdf server at {base} (status {status})"
    );
    let deadline = Instant::now() + duration;
    let started = Instant::now();
    let samples: Vec<Sample> = std::thread::scope(|scope| {
        let mut handles = Vec::new();
        for c in 0..clients.max(1) {
            let targets = &targets;
            handles.push(scope.spawn(move || {
                let client = oxhttp::Client::new().with_global_timeout(Duration::from_secs(120));
                let mut out = Vec::new();
                let mut i = c;
                while Instant::now() < deadline {
                    let (query, url) = &targets[i % targets.len()];
                    let (status, latency) = get(&client, url);
                    out.push(Sample {
                        query,
                        status,
                        latency,
                    });
                    i += 1;
                }
                out
            }));
        }
        if slow {
            handles.push(scope.spawn(move || {
                let client = oxhttp::Client::new().with_global_timeout(Duration::from_secs(600));
                let heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
                let url = format!(
                    "{base}/query?query={}",
                    form_urlencoded::byte_serialize(heavy.as_bytes()).collect::<String>()
                );
                let mut out = Vec::new();
                while Instant::now() < deadline {
                    let (status, latency) = get(&client, &url);
                    out.push(Sample {
                        query: "(slow query)",
                        status,
                        latency,
                    });
                }
                out
            }));
        }
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut names: Vec<&str> = samples.iter().map(|s| s.query).collect();
    names.sort_unstable();
    names.dedup();
    println!(
        "{:<40} {:>7} {:>7} {:>9} {:>9} {:>9} {:>9}",
        "query", "runs", "errors", "p50 ms", "p90 ms", "p99 ms", "max ms"
    );
    let line = |name: &str, set: &[&Sample]| {
        let mut latencies: Vec<Duration> = set.iter().map(|s| s.latency).collect();
        latencies.sort();
        let errors = set.iter().filter(|s| s.status != 200).count();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{name:<40} {:>7} {errors:>7} {:>9.1} {:>9.1} {:>9.1} {:>9.1}",
            set.len(),
            ms(percentile(&latencies, 0.5)),
            ms(percentile(&latencies, 0.9)),
            ms(percentile(&latencies, 0.99)),
            ms(latencies.last().copied().unwrap_or_default())
        );
    };
    for name in &names {
        let set: Vec<&Sample> = samples.iter().filter(|s| s.query == *name).collect();
        line(name, &set);
    }
    let bundled: Vec<&Sample> = samples
        .iter()
        .filter(|s| s.query != "(slow query)")
        .collect();
    line("all bundled queries", &bundled);
    let statuses = {
        let mut counts = std::collections::BTreeMap::new();
        for s in &samples {
            *counts.entry(s.status).or_insert(0_usize) += 1;
        }
        counts
    };
    println!(
        "{} requests in {elapsed:.1} s from {} clients ({:.1} requests/s); statuses {statuses:?} (0 = connection error)",
        samples.len(),
        clients.max(1) + usize::from(slow),
        samples.len() as f64 / elapsed
    );
    Ok(())
}
