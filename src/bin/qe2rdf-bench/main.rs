//! `qe2rdf-bench`: tools for the benchmarks of `BENCHMARKS.md`.
//!
//! - `gen`: writes a deterministic corpus (classic page text, an open-data dump in JSON or
//!   XML, the Assembly's archives of one document per question in JSON or XML, or the same
//!   documents unpacked in a folder);
//! - `link-coverage`: how much of the Assembly's reference data (an AMO archive, taken as
//!   the truth) the linker resolves, per legislature: deputies, Wikidata, groups,
//!   ministries;
//! - `rdf-io`: Oxigraph alone, parsing N-Triples and writing N-Triples or Turtle (the limit
//!   of pure RDF I/O, with no domain work);
//! - `bulk-load`: Oxigraph's own bulk loader, loading N-Quads into a new store (the limit of
//!   the store);
//! - `load-test`: concurrent clients running the bundled queries against `qe2rdf serve`
//!   for a fixed time, with latency percentiles and errors;
//! - `site-load-test`: concurrent clients reading the pages and the RDF descriptions of
//!   resources of every kind on the site of `qe2rdf serve`, with latency percentiles;
//! - `shacl-suite`: the SHACL validator on the W3C SHACL core test suite.

mod shacl_suite;
mod site;

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::store::Store;
use qe2rdf::corpus::{CorpusGenerator, json_value, write_open_data_xml, write_text};

#[derive(Parser)]
#[command(name = "qe2rdf-bench", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CorpusFormat {
    /// Classic page text, the questions one after another.
    Text,
    /// An open-data dump, `{"questions": {"question": [ … ]}}`.
    Json,
    /// The same dump in the open data's XML, `<questions><question>…`.
    Xml,
    /// A zip of one JSON document per question (`json/QANR5L16QE1234.json`), as the
    /// Assembly publishes its archives.
    JsonZip,
    /// The same archive in XML (`xml/QANR5L16QE1234.xml`).
    XmlZip,
    /// The documents of `json-zip` unpacked in a folder (the output is the folder).
    JsonFiles,
    /// The documents of `xml-zip` unpacked in a folder.
    XmlFiles,
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
    /// Measure the linker against an AMO archive: per legislature, the deputies found from
    /// name and department, those with Wikidata, the groups and ministries found from their
    /// labels on a date of their period.
    LinkCoverage {
        /// The AMO archive (zip of `acteur` and `organe` JSON documents).
        #[arg(long)]
        amo: PathBuf,
        /// Also give the linker the archive itself (`--actors`).
        #[arg(long)]
        with_actors: bool,
    },
    /// Time searches on a store (in this process, the index opened once): p50 and p95
    /// of each query over RUNS runs.
    SearchLatency {
        /// The store.
        #[arg(long)]
        store: PathBuf,
        /// Runs of each query.
        #[arg(long, default_value_t = 50)]
        runs: usize,
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
    /// Read the linked-data site from concurrent clients: the page and the Turtle
    /// description of resources of every kind (and the home page), p50/p95/p99 of each.
    SiteLoadTest {
        /// The server.
        #[arg(long, default_value = "http://127.0.0.1:7878")]
        url: String,
        /// The base of the minted IRIs (as given to `qe2rdf load --base`).
        #[arg(long, default_value = "https://w3id.org/qe2rdf/id/")]
        base: String,
        /// Concurrent clients.
        #[arg(long, default_value_t = 8)]
        clients: usize,
        /// How long to run, in seconds.
        #[arg(long, default_value_t = 30)]
        seconds: u64,
        /// Resources sampled of each kind (spread over all those the store holds).
        #[arg(long, default_value_t = 100)]
        per_kind: usize,
    },
    /// Validate an N-Triples graph against a shapes graph in Turtle (the data read into a
    /// store in memory), timing each step, to set beside another validator.
    ShaclValidate {
        /// The data graph, N-Triples.
        data: PathBuf,
        /// The shapes graph, Turtle.
        shapes: PathBuf,
        /// Write each result as a line "focus component value" to this file.
        #[arg(long)]
        keys: Option<PathBuf>,
    },
    /// Run the SHACL validator on the W3C SHACL core test suite (the folder `tests/core`
    /// of the data-shapes test suite): one line per test that fails, the totals.
    ShaclSuite {
        /// The suite's `core` folder (with its `manifest.ttl`).
        dir: PathBuf,
        /// Fail when fewer tests than this pass.
        #[arg(long, default_value_t = 0)]
        expect_pass: usize,
        /// Also print the tests that pass and those refused.
        #[arg(short, long)]
        verbose: bool,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Gen {
            count,
            seed,
            format,
            output,
        } => match format {
            CorpusFormat::Text | CorpusFormat::Json | CorpusFormat::Xml => {
                write_dump(count, seed, format, &output)?;
            }
            _ => write_documents(count, seed, format, &output)?,
        },
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
        Command::LinkCoverage { amo, with_actors } => link_coverage(&amo, with_actors)?,
        Command::SearchLatency { store, runs } => search_latency(&store, runs)?,
        Command::LoadTest {
            url,
            clients,
            seconds,
            with_slow_query,
        } => load_test(&url, clients, Duration::from_secs(seconds), with_slow_query)?,
        Command::SiteLoadTest {
            url,
            base,
            clients,
            seconds,
            per_kind,
        } => site::run(&site::Settings {
            url: &url,
            base: &base,
            clients,
            duration: Duration::from_secs(seconds),
            per_kind,
        })?,
        Command::ShaclValidate { data, shapes, keys } => {
            shacl_suite::validate_file(&data, &shapes, keys.as_deref())?;
        }
        Command::ShaclSuite {
            dir,
            expect_pass,
            verbose,
        } => shacl_suite::run(&dir, expect_pass, verbose)?,
    }
    Ok(())
}

/// Writes a corpus as one document: page text, or a dump in JSON or XML.
fn write_dump(count: usize, seed: u64, format: CorpusFormat, output: &Path) -> anyhow::Result<()> {
    let mut out = BufWriter::with_capacity(
        1 << 20,
        File::create(output).with_context(|| output.display().to_string())?,
    );
    let mut generator = CorpusGenerator::new(seed);
    let mut buffer = String::new();
    match format {
        CorpusFormat::Json => out.write_all(b"{\"questions\": {\"question\": [\n")?,
        CorpusFormat::Xml => out.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<questions xmlns=\"http://schemas.assemblee-nationale.fr/referentiel\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n",
        )?,
        _ => {}
    }
    for i in 0..count {
        let q = generator.next_question();
        buffer.clear();
        match format {
            CorpusFormat::Json => {
                if i > 0 {
                    buffer.push_str(",\n");
                }
                buffer.push_str(&serde_json::to_string(
                    &serde_json::json!({ "question": json_value(&q) }),
                )?);
            }
            CorpusFormat::Xml => {
                write_open_data_xml("question", &json_value(&q), &mut buffer);
                // One document's body inside the dump: no declaration, no namespace.
                buffer = buffer
                    .replacen("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "", 1)
                    .replacen(
                        " xmlns=\"http://schemas.assemblee-nationale.fr/referentiel\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
                        "",
                        1,
                    );
            }
            _ => write_text(&q, &mut buffer),
        }
        out.write_all(buffer.as_bytes())?;
    }
    match format {
        CorpusFormat::Json => out.write_all(b"\n]}}\n")?,
        CorpusFormat::Xml => out.write_all(b"</questions>\n")?,
        _ => {}
    }
    out.flush()?;
    Ok(())
}

/// Writes a corpus as one document per question, in a zip archive or a folder.
fn write_documents(
    count: usize,
    seed: u64,
    format: CorpusFormat,
    output: &Path,
) -> anyhow::Result<()> {
    let xml = matches!(format, CorpusFormat::XmlZip | CorpusFormat::XmlFiles);
    let zipped = matches!(format, CorpusFormat::JsonZip | CorpusFormat::XmlZip);
    let folder = if xml { "xml" } else { "json" };
    let mut zip = if zipped {
        let file = File::create(output).with_context(|| output.display().to_string())?;
        Some(zip::ZipWriter::new(BufWriter::with_capacity(1 << 20, file)))
    } else {
        std::fs::create_dir_all(output.join(folder))?;
        None
    };
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut generator = CorpusGenerator::new(seed);
    let mut document = String::new();
    for _ in 0..count {
        let q = generator.next_question();
        let value = json_value(&q);
        let uid = value["uid"].as_str().unwrap_or_default().to_owned();
        document.clear();
        if xml {
            write_open_data_xml("question", &value, &mut document);
        } else {
            document = serde_json::to_string(&serde_json::json!({ "question": value }))?;
        }
        let name = format!("{folder}/{uid}.{folder}");
        match zip.as_mut() {
            Some(zip) => {
                zip.start_file(name, options)?;
                zip.write_all(document.as_bytes())?;
            }
            None => std::fs::write(output.join(name), &document)?,
        }
    }
    if let Some(zip) = zip {
        zip.finish()?.flush()?;
    }
    Ok(())
}

/// Searches timed by `search-latency`: what each measures, and the query.
const SEARCHES: &[(&str, &str)] = &[
    ("one frequent word", "communes"),
    ("one rarer word", "Anticor"),
    ("two words", "réforme crédits"),
    ("phrase", "\"hausse des\""),
    (
        "word and two filters",
        "réforme legislature:16 status:answered",
    ),
    (
        "phrase and two filters",
        "\"hausse des\" type:QE after:2022-01-01",
    ),
];

/// The SPARQL service joined with a filter, timed by `search-latency`.
const SEARCH_SERVICE_QUERY: &str = "PREFIX qe: <https://w3id.org/qe2rdf/ontology#> \
    SELECT ?q ?score WHERE { SERVICE qe:search { [] qe:query \"réforme\" ; qe:question ?q ; qe:score ?score ; qe:limit 10000 } \
    ?q qe:legislature <https://w3id.org/qe2rdf/id/legislature/16> } ORDER BY DESC(?score) LIMIT 20";

/// p50 and p95 of durations, in milliseconds.
fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |p: f64| {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let i = ((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1;
        times[i].as_secs_f64() * 1000.0
    };
    (at(0.5), at(0.95))
}

/// Times searches on a store (see `SearchLatency`).
fn search_latency(store: &Path, runs: usize) -> anyhow::Result<()> {
    let store =
        qe2rdf::store::QuestionStore::open_read_only(store, qe2rdf::rdf::IriMinter::default())?;
    println!("| search | results | p50 | p95 |");
    println!("| --- | --- | --- | --- |");
    for (what, query) in SEARCHES {
        let total = store.search(query, 20, 0)?.total;
        let times: Vec<Duration> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                let hits = store.search(query, 20, 0);
                let elapsed = start.elapsed();
                assert!(hits.is_ok());
                elapsed
            })
            .collect();
        let (p50, p95) = percentiles(times);
        println!("| {what}: `{query}` | {total} | {p50:.1} ms | {p95:.1} ms |");
    }
    let options = qe2rdf::store::QueryOptions::default();
    let rows = match store.query(SEARCH_SERVICE_QUERY, &options)? {
        qe2rdf::store::QueryOutput::Solutions { rows, .. } => rows.len(),
        _ => 0,
    };
    let times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let _ = store.query(SEARCH_SERVICE_QUERY, &options);
            start.elapsed()
        })
        .collect();
    let (p50, p95) = percentiles(times);
    println!(
        "| SPARQL `SERVICE qe:search` (a word, up to 10 000 questions) joined with `?q qe:legislature …/16` | {rows} rows | {p50:.1} ms | {p95:.1} ms |"
    );
    Ok(())
}

/// Counts of one kind of link in one legislature.
#[derive(Default)]
struct Coverage {
    /// Entries of the reference data.
    total: usize,
    /// Linked to the right id.
    right: usize,
    /// Linked to another id.
    wrong: usize,
}

impl std::fmt::Display for Coverage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let share = if self.total == 0 {
            0.0
        } else {
            100.0 * self.right as f64 / self.total as f64
        };
        write!(f, "{}/{} ({share:.1} %)", self.right, self.total)?;
        if self.wrong > 0 {
            write!(f, ", {} wrong", self.wrong)?;
        }
        Ok(())
    }
}

/// The linker against an AMO archive (see `LinkCoverage`).
fn link_coverage(amo: &Path, with_actors: bool) -> anyhow::Result<()> {
    use qe2rdf::link::Linker;
    use qe2rdf::model::{
        Author, Constituency, Group, JoRef, Ministry, Question, QuestionId, QuestionKind, Source,
        SourceFormat,
    };
    use serde_json::Value;

    let text = |v: Option<&Value>| -> String {
        match v {
            Some(Value::String(s)) => s.trim().to_owned(),
            Some(Value::Object(o)) => o
                .get("#text")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            _ => String::new(),
        }
    };
    let list = |v: Option<&Value>| -> Vec<Value> {
        match v {
            Some(Value::Array(a)) => a.clone(),
            Some(o @ Value::Object(_)) => vec![o.clone()],
            _ => Vec::new(),
        }
    };
    let date = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let mut archive = zip::ZipArchive::new(BufReader::new(File::open(amo)?))?;
    let mut actors = Vec::new();
    let mut organs = Vec::new();
    for i in 0..archive.len() {
        let mut member = archive.by_index(i)?;
        if !member.name()?.ends_with(".json") {
            continue;
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut member, &mut bytes)?;
        let doc: Value = serde_json::from_slice(&bytes)?;
        if let Some(a) = doc.get("acteur") {
            actors.push(a.clone());
        } else if let Some(o) = doc.get("organe") {
            organs.push(o.clone());
        }
    }
    let linker = if with_actors {
        let mut warnings = Vec::new();
        let tables = qe2rdf::link::actors::load_actors(amo, &mut warnings)
            .map_err(anyhow::Error::msg)?
            .0;
        Linker::with_actors(tables, None)
    } else {
        Linker::new()
    };
    let question = |legislature: u16, on: Option<chrono::NaiveDate>| {
        let mut q = Question::new(
            QuestionId {
                legislature,
                kind: QuestionKind::Written,
                number: 1,
            },
            Source {
                format: SourceFormat::ClassicText,
                path: "-".into(),
                member: None,
                line: 1,
                sha256: None,
            },
        );
        q.published = on.map(JoRef::on);
        q
    };
    let legislatures = 12..=17u16;
    let mut deputies: Vec<Coverage> = legislatures.clone().map(|_| Coverage::default()).collect();
    let mut wikidata: Vec<Coverage> = legislatures.clone().map(|_| Coverage::default()).collect();
    let mut groups: Vec<Coverage> = legislatures.clone().map(|_| Coverage::default()).collect();
    let mut ministries: Vec<Coverage> = legislatures.clone().map(|_| Coverage::default()).collect();
    // The first day of each legislature, to place ministries.
    let starts = [
        ("2002-06-19", 12u16),
        ("2007-06-20", 13),
        ("2012-06-20", 14),
        ("2017-06-21", 15),
        ("2022-06-22", 16),
        ("2024-07-18", 17),
    ];
    let legislature_on = |d: chrono::NaiveDate| {
        starts
            .iter()
            .rev()
            .find(|(s, _)| date(s).is_some_and(|s| s <= d))
            .map(|(_, l)| *l)
    };
    for a in &actors {
        let pa = text(a.get("uid"));
        let ident = a.get("etatCivil").and_then(|e| e.get("ident"));
        let field = |k: &str| text(ident.and_then(|i| i.get(k)));
        let mut seen = std::collections::BTreeSet::new();
        for m in list(a.get("mandats").and_then(|m| m.get("mandat"))) {
            if text(m.get("typeOrgane")) != "ASSEMBLEE" {
                continue;
            }
            let Ok(legislature) = text(m.get("legislature")).parse::<u16>() else {
                continue;
            };
            if !legislatures.contains(&legislature) || !seen.insert(legislature) {
                continue;
            }
            let slot = usize::from(legislature - 12);
            let lieu = m.get("election").and_then(|e| e.get("lieu"));
            let department = text(lieu.and_then(|l| l.get("numDepartement")));
            let mut q = question(legislature, None);
            q.author = Some(Author {
                civility: Some(field("civ")),
                name: format!("{} {}", field("prenom"), field("nom")),
                constituency: (!department.is_empty()).then(|| Constituency {
                    label: String::new(),
                    department_code: Some(department),
                    number: None,
                    region: None,
                }),
                ..Author::default()
            });
            linker.link(&mut q, &mut Vec::new());
            let author = q.author.unwrap_or_default();
            deputies[slot].total += 1;
            wikidata[slot].total += 1;
            match author.id.as_deref() {
                Some(id) if id == pa => {
                    deputies[slot].right += 1;
                    if author.wikidata.is_some() {
                        wikidata[slot].right += 1;
                    }
                }
                Some(_) => deputies[slot].wrong += 1,
                None => {}
            }
        }
    }
    for o in &organs {
        let kind = text(o.get("codeType"));
        let po = text(o.get("uid"));
        let dates = o.get("viMoDe");
        let start = date(&text(dates.and_then(|d| d.get("dateDebut"))));
        let end = date(&text(dates.and_then(|d| d.get("dateFin"))));
        // A day inside the period: a week after it starts (or its last day when shorter).
        let on = start.map(|s| {
            let week = s + chrono::Duration::days(7);
            end.map_or(week, |e| week.min(e))
        });
        match kind.as_str() {
            "GP" => {
                let Ok(legislature) = text(o.get("legislature")).parse::<u16>() else {
                    continue;
                };
                if !legislatures.contains(&legislature) {
                    continue;
                }
                let slot = usize::from(legislature - 12);
                let mut q = question(legislature, on);
                q.author = Some(Author {
                    name: String::new(),
                    group: Some(Group {
                        label: text(o.get("libelle")),
                        short_label: None,
                        id: None,
                    }),
                    ..Author::default()
                });
                linker.link(&mut q, &mut Vec::new());
                let found = q.author.and_then(|a| a.group).and_then(|g| g.id);
                groups[slot].total += 1;
                match found {
                    Some(id) if id == po => groups[slot].right += 1,
                    Some(_) => groups[slot].wrong += 1,
                    None => {}
                }
            }
            "MINISTERE" => {
                let Some(legislature) = on.and_then(legislature_on) else {
                    continue;
                };
                let slot = usize::from(legislature - 12);
                let mut q = question(legislature, on);
                q.ministry_questioned = Some(Ministry::labelled(text(o.get("libelleAbrege"))));
                linker.link(&mut q, &mut Vec::new());
                let found = q.ministry_questioned.and_then(|m| m.id);
                ministries[slot].total += 1;
                match found {
                    Some(id) if id == po => ministries[slot].right += 1,
                    Some(_) => ministries[slot].wrong += 1,
                    None => {}
                }
            }
            _ => {}
        }
    }
    println!(
        "| legislature | deputies (name, department) | with Wikidata | groups (label) | ministries (short label, date) |"
    );
    println!("| --- | --- | --- | --- | --- |");
    for (slot, legislature) in legislatures.enumerate() {
        println!(
            "| {legislature} | {} | {} | {} | {} |",
            deputies[slot], wikidata[slot], groups[slot], ministries[slot]
        );
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
    // Results for SELECT and ASK, N-Triples for CONSTRUCT (question-graph).
    fetch(
        client,
        url,
        "application/sparql-results+json, application/n-triples;q=0.9",
    )
}

/// GETs `url` with this `Accept`, reading the whole answer (the time includes the
/// transfer): its status (0 when there was none) and the time taken.
fn fetch(client: &oxhttp::Client, url: &str, accept: &str) -> (u16, Duration) {
    let started = Instant::now();
    let request = oxhttp::model::Request::builder()
        .uri(url)
        .header("Accept", accept)
        .body(());
    let status = match request
        .map_err(std::io::Error::other)
        .and_then(|r| client.request(r))
    {
        Ok(response) => {
            let status = response.status().as_u16();
            let _ = std::io::copy(&mut response.into_body(), &mut std::io::sink());
            status
        }
        Err(_) => 0,
    };
    (status, started.elapsed())
}

/// One row of a latency table: the name in `width` columns, the requests, those that did
/// not answer 200, then p50, the `middle` percentile, p99 and the longest, in ms.
fn latency_row(name: &str, width: usize, outcomes: &[(u16, Duration)], middle: f64) {
    let mut latencies: Vec<Duration> = outcomes.iter().map(|(_, d)| *d).collect();
    latencies.sort();
    let errors = outcomes.iter().filter(|(status, _)| *status != 200).count();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<width$} {:>7} {errors:>7} {:>9.1} {:>9.1} {:>9.1} {:>9.1}",
        outcomes.len(),
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, middle)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default())
    );
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
        let outcomes: Vec<(u16, Duration)> = set.iter().map(|s| (s.status, s.latency)).collect();
        latency_row(name, 40, &outcomes, 0.9);
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
