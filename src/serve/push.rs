//! Sends the store's graphs to an external triple store over the SPARQL 1.1 Graph Store
//! HTTP Protocol: one `PUT` per graph, so pushing again replaces and never duplicates.
//!
//! - Graphs go in batches, several requests at a time; after each graph the progress
//!   record (a text file) gets its IRI, so an interrupted push resumes where it stopped
//!   (when the store and the target are the same) and a finished push removes it.
//! - A failed request is retried (connection errors, timeouts, `408`, `429`, `5xx`) with a
//!   growing delay; a refusal (`4xx`) stops the push with the target's message.
//! - Credentials: HTTP Basic, the password read by the caller (never on the command line).

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use oxhttp::model::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use oxhttp::model::{Method, Request, StatusCode};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::NamedNode;

use crate::store::{QuestionStore, StoreError};

/// First line of a progress record.
const PROGRESS_HEADER: &str = "# qe2rdf push progress, version 1";

/// Errors of a push.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PushError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The target refused a graph (a `4xx` other than 408/429).
    #[error("{url} refused graph <{graph}>: {status}: {message}")]
    Refused {
        /// The request URL.
        url: String,
        /// The graph.
        graph: String,
        /// The HTTP status.
        status: u16,
        /// What the target said (shortened).
        message: String,
    },
    /// A graph could not be sent after every retry.
    #[error("graph <{graph}> not sent after {attempts} attempts: {last}")]
    GaveUp {
        /// The graph.
        graph: String,
        /// Attempts made.
        attempts: u32,
        /// The last error.
        last: String,
    },
    /// The URL of the target is not usable.
    #[error("invalid target URL {url:?}: {reason}")]
    BadUrl {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The progress record cannot be read or written.
    #[error("progress record {path}: {message}")]
    Progress {
        /// The file.
        path: PathBuf,
        /// What failed.
        message: String,
    },
    /// The verification query failed.
    #[error("verification query on {url} failed: {message}")]
    Verify {
        /// The SPARQL endpoint.
        url: String,
        /// What failed.
        message: String,
    },
}

/// How to push.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// The Graph Store Protocol endpoint (`…?graph=IRI` is added).
    pub graph_store: String,
    /// User name for HTTP Basic authentication.
    pub user: Option<String>,
    /// Its password.
    pub password: Option<String>,
    /// Graphs per batch (the progress record is complete at the end of each).
    pub batch: usize,
    /// Requests at once.
    pub concurrency: usize,
    /// Retries of a failed request.
    pub retries: u32,
    /// Time limit of one request.
    pub timeout: Duration,
    /// The first retry waits this long, each next one twice as long (capped at 30 s).
    pub backoff: Duration,
    /// The progress record.
    pub progress: PathBuf,
    /// Ignore an existing progress record and send everything.
    pub restart: bool,
}

impl PushOptions {
    /// Options with the usual settings for a Graph Store endpoint.
    #[must_use]
    pub fn new(graph_store: impl Into<String>, progress: PathBuf) -> Self {
        Self {
            graph_store: graph_store.into(),
            user: None,
            password: None,
            batch: 200,
            concurrency: 4,
            retries: 5,
            timeout: Duration::from_secs(60),
            backoff: Duration::from_millis(500),
            progress,
            restart: false,
        }
    }
}

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushReport {
    /// Graphs in the store (question graphs and the reference graph).
    pub graphs: usize,
    /// Graphs sent by this run.
    pub sent: usize,
    /// Graphs skipped because an earlier, interrupted run had sent them.
    pub resumed: usize,
    /// Triples sent.
    pub triples: u64,
    /// Bytes of RDF sent.
    pub bytes: u64,
    /// Requests retried.
    pub retries: u64,
    /// How long it took.
    pub elapsed: Duration,
}

/// Derives the Graph Store endpoint from a SPARQL endpoint, for the stores whose layout is
/// known: Virtuoso (`/sparql` → `/sparql-graph-crud`), Fuseki (`/ds/sparql` or
/// `/ds/query` → `/ds/data`), GraphDB and RDF4J (`/repositories/r` →
/// `/repositories/r/rdf-graphs/service`), Oxigraph (`/query` → `/store`).
#[must_use]
pub fn graph_store_for(sparql: &str) -> Option<String> {
    let (base, _) = sparql.split_once('?').unwrap_or((sparql, ""));
    let base = base.trim_end_matches('/');
    let (scheme_host, path) = match base.find("://") {
        Some(i) => match base[i + 3..].find('/') {
            Some(j) => base.split_at(i + 3 + j),
            None => (base, ""),
        },
        None => return None,
    };
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let derived = match segments.as_slice() {
        ["sparql"] => "/sparql-graph-crud".to_owned(),
        [.., "repositories", _] => format!("{path}/rdf-graphs/service"),
        ["query"] => "/store".to_owned(),
        [dataset @ .., "sparql" | "query"] if !dataset.is_empty() => {
            format!("/{}/data", dataset.join("/"))
        }
        _ => return None,
    };
    Some(format!("{scheme_host}{derived}"))
}

/// The record of graphs already sent to one target from one store state.
struct Progress {
    path: PathBuf,
    file: Mutex<File>,
}

impl Progress {
    /// Opens the record; returns the graphs it lists when it is for this target and store.
    fn open(path: &Path, key: &str, restart: bool) -> Result<(Self, HashSet<String>), PushError> {
        let error = |e: std::io::Error| PushError::Progress {
            path: path.to_owned(),
            message: e.to_string(),
        };
        let mut done = HashSet::new();
        let mut matches = false;
        if !restart && path.exists() {
            let reader = BufReader::new(File::open(path).map_err(error)?);
            let mut lines = reader.lines();
            let header = lines.next().transpose().map_err(error)?;
            let stored_key = lines.next().transpose().map_err(error)?;
            if header.as_deref() == Some(PROGRESS_HEADER) && stored_key.as_deref() == Some(key) {
                matches = true;
                for line in lines {
                    let line = line.map_err(error)?;
                    // A line cut by a crash has no end marker and is not counted.
                    if let Some(iri) = line.strip_suffix(" .") {
                        done.insert(iri.to_owned());
                    }
                }
            }
        }
        let file = if matches {
            let ends_cleanly = std::fs::read(path)
                .map_err(error)?
                .last()
                .is_none_or(|b| *b == b'\n');
            let mut f = OpenOptions::new().append(true).open(path).map_err(error)?;
            if !ends_cleanly {
                writeln!(f).map_err(error)?;
            }
            f
        } else {
            let mut f = File::create(path).map_err(error)?;
            writeln!(f, "{PROGRESS_HEADER}\n{key}").map_err(error)?;
            f.sync_data().map_err(error)?;
            f
        };
        Ok((
            Self {
                path: path.to_owned(),
                file: Mutex::new(file),
            },
            done,
        ))
    }

    fn record(&self, graph: &str) -> Result<(), PushError> {
        let mut file = self.file.lock().map_err(|_| PushError::Progress {
            path: self.path.clone(),
            message: "poisoned lock".into(),
        })?;
        writeln!(file, "{graph} .").map_err(|e| PushError::Progress {
            path: self.path.clone(),
            message: e.to_string(),
        })
    }

    fn sync(&self) -> Result<(), PushError> {
        if let Ok(file) = self.file.lock() {
            file.sync_data().map_err(|e| PushError::Progress {
                path: self.path.clone(),
                message: e.to_string(),
            })?;
        }
        Ok(())
    }

    fn finish(self) -> Result<(), PushError> {
        drop(self.file);
        std::fs::remove_file(&self.path).map_err(|e| PushError::Progress {
            path: self.path.clone(),
            message: e.to_string(),
        })
    }
}

/// `user:password` in Base64, for HTTP Basic authentication.
#[must_use]
pub fn basic_credentials(user: &str, password: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
}

fn percent_encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The target of one push: the client and how to address a graph.
struct Target<'a> {
    options: &'a PushOptions,
    client: oxhttp::Client,
    authorization: Option<String>,
}

enum Attempt {
    Done,
    Retry(String),
    Refused(u16, String),
}

impl Target<'_> {
    fn url(&self, graph: &str) -> String {
        let separator = if self.options.graph_store.contains('?') {
            '&'
        } else {
            '?'
        };
        format!(
            "{}{separator}graph={}",
            self.options.graph_store,
            percent_encode(graph)
        )
    }

    fn put(&self, graph: &str, body: &[u8]) -> Result<Attempt, PushError> {
        let url = self.url(graph);
        let mut builder = Request::builder()
            .method(Method::PUT)
            .uri(&url)
            .header(CONTENT_TYPE, "text/turtle; charset=utf-8")
            .header(USER_AGENT, concat!("qe2rdf/", env!("CARGO_PKG_VERSION")));
        if let Some(a) = &self.authorization {
            builder = builder.header(AUTHORIZATION, a);
        }
        let request = builder.body(body.to_vec()).map_err(|e| PushError::BadUrl {
            url: url.clone(),
            reason: e.to_string(),
        })?;
        let response = match self.client.request(request) {
            Ok(r) => r,
            Err(e) => return Ok(Attempt::Retry(e.to_string())),
        };
        let status = response.status();
        let mut message = String::new();
        let _ = response.into_body().take(4000).read_to_string(&mut message);
        let message = message.trim().chars().take(500).collect::<String>();
        Ok(if status.is_success() {
            Attempt::Done
        } else if status.is_server_error()
            || status == StatusCode::TOO_MANY_REQUESTS
            || status == StatusCode::REQUEST_TIMEOUT
        {
            Attempt::Retry(format!("{status}: {message}"))
        } else {
            Attempt::Refused(status.as_u16(), message)
        })
    }

    /// Sends one graph, with retries. Returns the retries used.
    fn send(&self, graph: &str, body: &[u8]) -> Result<u64, PushError> {
        let mut delay = self.options.backoff;
        let mut retries = 0;
        loop {
            match self.put(graph, body)? {
                Attempt::Done => return Ok(retries),
                Attempt::Refused(status, message) => {
                    return Err(PushError::Refused {
                        url: self.url(graph),
                        graph: graph.to_owned(),
                        status,
                        message,
                    });
                }
                Attempt::Retry(last) => {
                    if retries >= u64::from(self.options.retries) {
                        return Err(PushError::GaveUp {
                            graph: graph.to_owned(),
                            attempts: self.options.retries + 1,
                            last,
                        });
                    }
                    retries += 1;
                    std::thread::sleep(delay);
                    delay = (delay * 2).min(Duration::from_secs(30));
                }
            }
        }
    }
}

/// Pushes every graph of `store` (question graphs, then the reference graph).
/// `on_progress(done, total)` is called after each graph.
pub fn push(
    store: &QuestionStore,
    options: &PushOptions,
    on_progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<PushReport, PushError> {
    let started = Instant::now();
    if !options.graph_store.starts_with("http://") && !options.graph_store.starts_with("https://") {
        return Err(PushError::BadUrl {
            url: options.graph_store.clone(),
            reason: "an http:// or https:// URL is expected".into(),
        });
    }
    let mut graphs = store.question_graphs()?;
    let reference = store.minter().reference_graph();
    if store.has_graph(reference.as_ref())? {
        graphs.push(reference);
    }
    // The record is valid for this target and this state of the store.
    let key = format!(
        "target {} store-quads {}",
        options.graph_store,
        store.len()?
    );
    let (progress, done) = Progress::open(&options.progress, &key, options.restart)?;
    let todo: Vec<&NamedNode> = graphs
        .iter()
        .filter(|g| !done.contains(g.as_str()))
        .collect();
    let mut client = oxhttp::Client::new().with_global_timeout(options.timeout);
    client = client
        .with_user_agent(concat!("qe2rdf/", env!("CARGO_PKG_VERSION")))
        .map_err(|e| PushError::BadUrl {
            url: options.graph_store.clone(),
            reason: e.to_string(),
        })?;
    let target = Target {
        options,
        client,
        authorization: options.user.as_ref().map(|u| {
            format!(
                "Basic {}",
                basic_credentials(u, options.password.as_deref().unwrap_or(""))
            )
        }),
    };
    let total = graphs.len();
    let resumed = total - todo.len();
    let finished = AtomicUsize::new(resumed);
    let triples = AtomicU64::new(0);
    let bytes = AtomicU64::new(0);
    let retries = AtomicU64::new(0);
    let failed = AtomicBool::new(false);
    let first_error: Mutex<Option<PushError>> = Mutex::new(None);
    for batch in todo.chunks(options.batch.max(1)) {
        let next = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..options.concurrency.clamp(1, 64) {
                scope.spawn(|| {
                    loop {
                        if failed.load(Ordering::Relaxed) {
                            return;
                        }
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(graph) = batch.get(i) else {
                            return;
                        };
                        let outcome = (|| -> Result<(), PushError> {
                            let body = serialize_graph(store, graph, &triples)?;
                            let r = target.send(graph.as_str(), &body)?;
                            retries.fetch_add(r, Ordering::Relaxed);
                            bytes.fetch_add(body.len() as u64, Ordering::Relaxed);
                            progress.record(graph.as_str())?;
                            let n = finished.fetch_add(1, Ordering::Relaxed) + 1;
                            on_progress(n, total);
                            Ok(())
                        })();
                        if let Err(e) = outcome {
                            failed.store(true, Ordering::Relaxed);
                            if let Ok(mut slot) = first_error.lock() {
                                slot.get_or_insert(e);
                            }
                            return;
                        }
                    }
                });
            }
        });
        progress.sync()?;
        if let Some(e) = first_error.lock().ok().and_then(|mut e| e.take()) {
            return Err(e);
        }
    }
    progress.finish()?;
    Ok(PushReport {
        graphs: total,
        sent: total - resumed,
        resumed,
        triples: triples.load(Ordering::Relaxed),
        bytes: bytes.load(Ordering::Relaxed),
        retries: retries.load(Ordering::Relaxed),
        elapsed: started.elapsed(),
    })
}

/// A graph as N-Triples (which every Turtle parser reads).
fn serialize_graph(
    store: &QuestionStore,
    graph: &NamedNode,
    triples: &AtomicU64,
) -> Result<Vec<u8>, PushError> {
    let content = store.graph_triples(graph.as_ref())?;
    triples.fetch_add(content.len() as u64, Ordering::Relaxed);
    let mut serializer = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    for t in &content {
        serializer
            .serialize_triple(t)
            .map_err(|e| StoreError::Dump(e.to_string()))?;
    }
    Ok(serializer
        .finish()
        .map_err(|e| StoreError::Dump(e.to_string()))?)
}

/// Counts the graphs under `prefix` at a SPARQL endpoint (to check a push).
pub fn count_graphs_at(
    sparql_endpoint: &str,
    prefix: &str,
    user: Option<(&str, &str)>,
    timeout: Duration,
) -> Result<u64, PushError> {
    let verify = |message: String| PushError::Verify {
        url: sparql_endpoint.to_owned(),
        message,
    };
    let query = format!(
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{}\")) }}",
        prefix.replace('\\', "\\\\").replace('"', "\\\"")
    );
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri(sparql_endpoint)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(ACCEPT, "application/sparql-results+json");
    if let Some((u, p)) = user {
        builder = builder.header(AUTHORIZATION, format!("Basic {}", basic_credentials(u, p)));
    }
    let request = builder
        .body(format!("query={}", percent_encode(&query)).into_bytes())
        .map_err(|e| verify(e.to_string()))?;
    let response = oxhttp::Client::new()
        .with_global_timeout(timeout)
        .request(request)
        .map_err(|e| verify(e.to_string()))?;
    let status = response.status();
    let mut body = String::new();
    response
        .into_body()
        .take(1 << 20)
        .read_to_string(&mut body)
        .map_err(|e| verify(e.to_string()))?;
    if !status.is_success() {
        return Err(verify(format!("{status}: {}", body.trim())));
    }
    let json: serde_json::Value =
        serde_json::from_str(&body).map_err(|e| verify(format!("not SPARQL results JSON: {e}")))?;
    json["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| verify(format!("no count in the answer: {body}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_store_urls_of_known_stores() {
        for (sparql, gsp) in [
            (
                "http://127.0.0.1:8890/sparql",
                "http://127.0.0.1:8890/sparql-graph-crud",
            ),
            ("http://h:3030/ds/sparql", "http://h:3030/ds/data"),
            ("http://h:3030/ds/query?x=1", "http://h:3030/ds/data"),
            (
                "http://h:7200/repositories/qe",
                "http://h:7200/repositories/qe/rdf-graphs/service",
            ),
            ("http://h:7878/query", "http://h:7878/store"),
        ] {
            assert_eq!(graph_store_for(sparql).as_deref(), Some(gsp), "{sparql}");
        }
        assert_eq!(graph_store_for("http://h/"), None);
        assert_eq!(graph_store_for("h:7878/query"), None);
    }

    #[test]
    fn basic_credentials_are_base64() {
        assert_eq!(basic_credentials("dba", "dba"), "ZGJhOmRiYQ==");
        assert_eq!(
            basic_credentials("Aladdin", "open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(basic_credentials("a", "bc"), "YTpiYw==");
        assert_eq!(basic_credentials("ab", "c"), "YWI6Yw==");
        assert_eq!(basic_credentials("ab", "cd"), "YWI6Y2Q=");
    }

    #[test]
    fn a_progress_record_resumes_only_the_same_push() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("progress");
        {
            let (p, done) = Progress::open(&path, "target A store-quads 1", false).expect("open");
            assert!(done.is_empty());
            p.record("http://x/g1").expect("record");
            p.record("http://x/g2").expect("record");
        }
        // A line cut in the middle of a write is not counted.
        let mut f = OpenOptions::new().append(true).open(&path).expect("append");
        write!(f, "http://x/g3").expect("write");
        drop(f);
        let (_, done) = Progress::open(&path, "target A store-quads 1", false).expect("open");
        assert_eq!(done.len(), 2);
        let (_, done) = Progress::open(&path, "target B store-quads 1", false).expect("open");
        assert!(done.is_empty(), "another target starts over");
        let (_, done) = Progress::open(&path, "target B store-quads 1", true).expect("open");
        assert!(done.is_empty());
    }
}
