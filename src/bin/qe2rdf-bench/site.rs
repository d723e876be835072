//! `site-load-test`: concurrent clients reading the linked-data site of `qe2rdf serve` as
//! people and RDF clients do — the page and the Turtle description of resources of every
//! kind — with latency percentiles per kind and per representation.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use oxhttp::model::{Request, StatusCode, header};

/// The kinds of resource sampled, each with the SPARQL pattern that finds them (`{base}`:
/// the base of the minted IRIs).
const KINDS: &[(&str, &str)] = &[
    (
        "question",
        "?x a <https://w3id.org/qe2rdf/ontology#Question>",
    ),
    ("deputy", "?x a <https://w3id.org/qe2rdf/ontology#Deputy>"),
    (
        "ministry",
        "?x a <https://w3id.org/qe2rdf/ontology#Ministry>",
    ),
    (
        "group",
        "?x a <https://w3id.org/qe2rdf/ontology#ParliamentaryGroup>",
    ),
    (
        "rubric",
        "?x <http://www.w3.org/2004/02/skos/core#inScheme> <{base}rubrique>",
    ),
    (
        "cited body",
        "?x a <https://w3id.org/qe2rdf/ontology#CitedBody>",
    ),
    (
        "department",
        "?x a <https://w3id.org/qe2rdf/ontology#Constituency>",
    ),
    (
        "legislature",
        "?x a <https://w3id.org/qe2rdf/ontology#Legislature>",
    ),
];

/// What the clients fetch: a document of the site, under a label (kind and representation).
struct Target {
    label: String,
    url: String,
    accept: &'static str,
}

/// One request's outcome.
struct Sample {
    label: usize,
    status: u16,
    latency: Duration,
    /// The first request of its document in the run (the server wrote it; later ones
    /// may come from its cache).
    first: bool,
}

/// The settings of a run.
pub struct Settings<'a> {
    /// The server.
    pub url: &'a str,
    /// The base of the minted IRIs.
    pub base: &'a str,
    /// Concurrent clients.
    pub clients: usize,
    /// How long the clients run.
    pub duration: Duration,
    /// Resources sampled of each kind.
    pub per_kind: usize,
}

/// A client that follows the site's `303 See Other` to the document, as a browser or an
/// RDF client does: a request's time is that of both answers.
fn client() -> oxhttp::Client {
    oxhttp::Client::new()
        .with_global_timeout(Duration::from_secs(120))
        .with_redirection_limit(2)
}

/// The IRIs of one kind the store holds (at most 20 000), in IRI order.
fn iris_of(client: &oxhttp::Client, settings: &Settings<'_>, pattern: &str) -> Vec<String> {
    let sparql = format!(
        "SELECT DISTINCT ?x WHERE {{ {} }} ORDER BY ?x LIMIT 20000",
        pattern.replace("{base}", settings.base)
    );
    let query: String = form_urlencoded::byte_serialize(sparql.as_bytes()).collect();
    let request = Request::builder()
        .uri(format!("{}/query?query={query}", settings.url))
        .header(header::ACCEPT, "text/csv")
        .body(());
    let Ok(response) = request
        .map_err(std::io::Error::other)
        .and_then(|r| client.request(r))
    else {
        return Vec::new();
    };
    if response.status() != StatusCode::OK {
        return Vec::new();
    }
    let mut body = String::new();
    let _ = std::io::Read::read_to_string(&mut response.into_body(), &mut body);
    body.lines()
        .skip(1)
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

/// `count` of `items`, spread evenly over them.
fn spread(items: &[String], count: usize) -> Vec<&String> {
    if items.len() <= count {
        return items.iter().collect();
    }
    (0..count)
        .map(|i| &items[i * items.len() / count])
        .collect()
}

/// The address of `iri` on the server (its path after the base's root).
fn address(settings: &Settings<'_>, iri: &str) -> Option<String> {
    let root = settings.base.strip_suffix("id/")?;
    iri.strip_prefix(root)
        .map(|rest| format!("{}/{rest}", settings.url))
}

/// Runs the clients and prints the percentiles.
pub fn run(settings: &Settings<'_>) -> anyhow::Result<()> {
    let c = client();
    let (status, _) = super::fetch(&c, &format!("{}/", settings.url), "text/html");
    anyhow::ensure!(
        status == 200,
        "no qe2rdf site at {} (status {status})",
        settings.url
    );
    // Each sampled resource's page and Turtle description, by its IRI: the clients follow
    // the 303 to the document, as people and RDF clients do.
    let mut targets = vec![Target {
        label: "home page".to_owned(),
        url: format!("{}/", settings.url),
        accept: "text/html",
    }];
    let mut sampled = BTreeMap::new();
    for (kind, pattern) in KINDS {
        let iris = iris_of(&c, settings, pattern);
        let chosen = spread(&iris, settings.per_kind);
        sampled.insert(*kind, (chosen.len(), iris.len()));
        for iri in chosen {
            let Some(url) = address(settings, iri) else {
                continue;
            };
            for (what, accept) in [("page", "text/html"), ("Turtle", "text/turtle")] {
                targets.push(Target {
                    label: format!("{kind} {what}"),
                    url: url.clone(),
                    accept,
                });
            }
        }
    }
    let labels: Vec<String> = {
        let mut l: Vec<String> = Vec::new();
        for t in &targets {
            if !l.contains(&t.label) {
                l.push(t.label.clone());
            }
        }
        l
    };
    let label_of = |t: &Target| labels.iter().position(|l| *l == t.label).unwrap_or(0);
    let fetched: Vec<std::sync::atomic::AtomicBool> = targets
        .iter()
        .map(|_| std::sync::atomic::AtomicBool::new(false))
        .collect();
    let deadline = Instant::now() + settings.duration;
    let started = Instant::now();
    let samples: Vec<Sample> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..settings.clients.max(1))
            .map(|n| {
                let targets = &targets;
                let fetched = &fetched;
                scope.spawn(move || {
                    let client = client();
                    let mut out = Vec::new();
                    // Each client walks the targets from its own place, with a stride
                    // that mixes the kinds.
                    let mut i = n * targets.len() / settings.clients.max(1);
                    while Instant::now() < deadline {
                        let t = &targets[i % targets.len()];
                        let first = !fetched[i % targets.len()]
                            .swap(true, std::sync::atomic::Ordering::Relaxed);
                        let (status, latency) = super::fetch(&client, &t.url, t.accept);
                        out.push(Sample {
                            label: label_of(t),
                            status,
                            latency,
                            first,
                        });
                        i += 7;
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "sampled (of each kind, taken / in the store): {}",
        sampled
            .iter()
            .map(|(k, (n, of))| format!("{k} {n}/{of}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "{:<24} {:>7} {:>7} {:>9} {:>9} {:>9} {:>9}",
        "document", "runs", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms"
    );
    let line = |name: &str, set: &[&Sample]| {
        let outcomes: Vec<(u16, Duration)> = set.iter().map(|s| (s.status, s.latency)).collect();
        super::latency_row(name, 24, &outcomes, 0.95);
    };
    for (n, label) in labels.iter().enumerate() {
        let set: Vec<&Sample> = samples.iter().filter(|s| s.label == n).collect();
        line(label, &set);
    }
    for (name, suffix) in [("all pages", " page"), ("all Turtle", " Turtle")] {
        let set: Vec<&Sample> = samples
            .iter()
            .filter(|s| labels[s.label].ends_with(suffix) || (suffix == " page" && s.label == 0))
            .collect();
        line(name, &set);
    }
    println!("first request of each document (written by the server, not from its cache):");
    for (n, label) in labels.iter().enumerate() {
        let set: Vec<&Sample> = samples.iter().filter(|s| s.label == n && s.first).collect();
        line(label, &set);
    }
    for (name, suffix) in [("all pages", " page"), ("all Turtle", " Turtle")] {
        let set: Vec<&Sample> = samples
            .iter()
            .filter(|s| {
                s.first
                    && (labels[s.label].ends_with(suffix) || (suffix == " page" && s.label == 0))
            })
            .collect();
        line(name, &set);
    }
    println!(
        "{} requests in {elapsed:.1} s from {} clients ({:.1} requests/s)",
        samples.len(),
        settings.clients.max(1),
        samples.len() as f64 / elapsed
    );
    Ok(())
}
