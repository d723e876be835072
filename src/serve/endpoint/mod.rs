//! SPARQL over HTTP: the SPARQL 1.1 Protocol at `/query`, the bundled queries at
//! `/queries/{name}`, one question's graph at `/question/{leg}/{type}/{num}`, and a query
//! page at `/`.
//!
//! The endpoint is read-only: there is no update route, and an update sent to `/query` is
//! refused. Every query runs with a time limit and a result limit; `SERVICE` calls go
//! only to the hosts the user allowed. HTTP itself is [`oxhttp`]'s server: this module
//! turns a request into a response ([`Endpoint::handle`]) and can be tested without a
//! socket.
//!
//! The store is opened read-only, so a load can run beside the server; the server reopens
//! its snapshot when the store's files change (checked at most once a second).

mod feeds;
mod negotiate;
pub mod site;

use std::io::Read;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime};

use oxhttp::model::header::{self, HeaderValue};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use oxigraph::model::NamedNode;

pub use negotiate::{GRAPHS, Representation, TABLES, by_name, choose};

use crate::export::GraphWriter;
use crate::model::{QuestionId, QuestionKind};
use crate::rdf::IriMinter;
use crate::serve::federation::AllowedHosts;
use crate::store::queries;
use crate::store::results::{ResultsFormat, write_query_output};
use crate::store::{QueryOptions, QueryOutput, QuestionStore, ServiceHandler, StoreError};

/// The query page.
const PAGE: &str = include_str!("page.html");
/// How long past its time limit a query may take to notice its cancellation before the
/// client gets its error anyway.
const CANCEL_GRACE: Duration = Duration::from_secs(1);

/// Settings of the endpoint.
#[derive(Debug, Clone)]
pub struct EndpointConfig {
    /// Each query is cancelled after this long.
    pub timeout: Duration,
    /// Results with more rows (or triples) than this are refused.
    pub max_results: usize,
    /// Hosts `SERVICE` clauses may call (none by default).
    pub service_hosts: Vec<String>,
    /// The `Access-Control-Allow-Origin` sent to browsers (`*` by default).
    pub cors_origin: String,
    /// Largest request body read (a query sent by POST).
    pub max_body: u64,
    /// Write one line per request to standard error.
    pub log: bool,
    /// Most queries evaluated at once (more are answered 503 at once).
    pub max_running: usize,
}

impl Default for EndpointConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            max_results: 100_000,
            service_hosts: Vec::new(),
            cors_origin: "*".to_owned(),
            max_body: 1 << 20,
            log: true,
            max_running: 32,
        }
    }
}

/// A failed request: a status and a message for the client.
#[derive(Debug)]
struct Failure {
    status: StatusCode,
    message: String,
}

impl Failure {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        let status = match &e {
            StoreError::Syntax(_) | StoreError::TooManyResults(_) => StatusCode::BAD_REQUEST,
            StoreError::Timeout(_) | StoreError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            StoreError::Evaluation(m) if m.contains("SERVICE <") && m.contains("refused") => {
                StatusCode::FORBIDDEN
            }
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let message = match &e {
            StoreError::TooManyResults(n) => format!(
                "the result has more than {n} rows, the server's limit: add LIMIT or narrow the query"
            ),
            StoreError::Timeout(t) => format!(
                "query cancelled after {} s, the server's time limit",
                t.as_secs_f32()
            ),
            other => other.to_string(),
        };
        Self::new(status, message)
    }
}

/// What identifies the state of the store's files (to notice a load).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Fingerprint(Vec<(String, u64, Option<SystemTime>)>);

impl Fingerprint {
    fn of(path: &Path) -> Self {
        let mut files = Vec::new();
        if let Ok(entries) = std::fs::read_dir(path) {
            for entry in entries.flatten() {
                if let Ok(meta) = entry.metadata() {
                    files.push((
                        entry.file_name().to_string_lossy().into_owned(),
                        meta.len(),
                        meta.modified().ok(),
                    ));
                }
            }
        }
        files.sort();
        Self(files)
    }
}

struct Snapshot {
    store: Arc<QuestionStore>,
    fingerprint: Fingerprint,
}

/// The endpoint: the store and the settings; [`Endpoint::handle`] answers one request.
pub struct Endpoint {
    path: Option<PathBuf>,
    minter: IriMinter,
    config: EndpointConfig,
    snapshot: RwLock<Snapshot>,
    last_check: Mutex<Instant>,
    running: Arc<AtomicUsize>,
    /// The hosts a query's `SERVICE` calls may reach.
    services: ServiceHandler,
    /// The linked-data site's templates, vocabularies and caches.
    site: site::Site,
}

/// The `SERVICE` policy of an endpoint: the hosts its configuration allows, each call cut
/// at the query's time limit.
fn allowed_hosts(config: &EndpointConfig) -> ServiceHandler {
    Arc::new(AllowedHosts::new(
        &config.service_hosts,
        Some(config.timeout),
    ))
}

impl Endpoint {
    /// An endpoint over the store at `path`, opened read-only.
    pub fn open(
        path: &Path,
        minter: IriMinter,
        config: EndpointConfig,
    ) -> Result<Self, StoreError> {
        let fingerprint = Fingerprint::of(path);
        let store = QuestionStore::open_read_only(path, minter.clone())?;
        let services = allowed_hosts(&config);
        Ok(Self {
            path: Some(path.to_owned()),
            minter,
            config,
            snapshot: RwLock::new(Snapshot {
                store: Arc::new(store),
                fingerprint,
            }),
            last_check: Mutex::new(Instant::now()),
            running: Arc::new(AtomicUsize::new(0)),
            services,
            site: site::Site::new(),
        })
    }

    /// An endpoint over a store already open (tests, in-memory stores).
    #[must_use]
    pub fn with_store(store: QuestionStore, config: EndpointConfig) -> Self {
        let services = allowed_hosts(&config);
        Self {
            path: None,
            minter: store.minter().clone(),
            config,
            snapshot: RwLock::new(Snapshot {
                store: Arc::new(store),
                fingerprint: Fingerprint::default(),
            }),
            last_check: Mutex::new(Instant::now()),
            running: Arc::new(AtomicUsize::new(0)),
            services,
            site: site::Site::new(),
        }
    }

    /// The store as of now: reopened when its files changed since the last look.
    fn store(&self) -> Arc<QuestionStore> {
        if let Some(path) = &self.path {
            let due = self
                .last_check
                .lock()
                .map(|mut last| {
                    let due = last.elapsed() >= Duration::from_secs(1);
                    if due {
                        *last = Instant::now();
                    }
                    due
                })
                .unwrap_or(false);
            if due {
                self.refresh(path, false);
            }
        }
        self.snapshot.read().map_or_else(
            |p| Arc::clone(&p.into_inner().store),
            |s| Arc::clone(&s.store),
        )
    }

    /// Reopens the store when its files changed (or always, with `force`). A store caught
    /// in the middle of a change keeps the previous snapshot.
    fn refresh(&self, path: &Path, force: bool) {
        let fingerprint = Fingerprint::of(path);
        let changed = self
            .snapshot
            .read()
            .map(|s| s.fingerprint != fingerprint)
            .unwrap_or(true);
        if !(changed || force) {
            return;
        }
        if let Ok(store) = QuestionStore::open_read_only(path, self.minter.clone()) {
            if let Ok(mut s) = self.snapshot.write() {
                *s = Snapshot {
                    store: Arc::new(store),
                    fingerprint,
                };
            }
        }
    }

    fn run(&self, sparql: &str, options: &QueryOptions) -> Result<QueryOutput, Failure> {
        match self.run_once(self.store(), sparql, options) {
            // A file of the snapshot removed by a concurrent compaction: reopen, try again.
            Err(StoreError::Storage(e)) if self.path.is_some() => {
                if let Some(path) = &self.path {
                    self.refresh(path, true);
                }
                self.run_once(self.store(), sparql, options).map_err(|e2| {
                    Failure::new(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        format!("storage error: {e2} (first attempt: {e})"),
                    )
                })
            }
            other => other.map_err(Failure::from),
        }
    }

    /// Runs a query on its own thread and waits at most the time limit (and a grace
    /// period): the evaluator notices a cancellation only when it reads the store, and a
    /// query that does not (a cross product of results in memory) must not hold the
    /// client. Such a query goes on in the background until it notices; the number of
    /// queries running at once is bounded, so they cannot pile up.
    fn run_once(
        &self,
        store: Arc<QuestionStore>,
        sparql: &str,
        options: &QueryOptions,
    ) -> Result<QueryOutput, StoreError> {
        let limit = self.config.max_running;
        if self
            .running
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < limit).then_some(n + 1)
            })
            .is_err()
        {
            return Err(StoreError::Busy(limit));
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        let running = Arc::clone(&self.running);
        let sparql = sparql.to_owned();
        let job_options = options.clone();
        let spawned = std::thread::Builder::new()
            .name("qe2rdf query".into())
            .spawn(move || {
                let result = store.query(&sparql, &job_options);
                running.fetch_sub(1, Ordering::AcqRel);
                let _ = sender.send(result);
            });
        if let Err(e) = spawned {
            self.running.fetch_sub(1, Ordering::AcqRel);
            return Err(StoreError::Evaluation(format!(
                "cannot start the query: {e}"
            )));
        }
        let wait = options.timeout.unwrap_or(Duration::from_secs(3600)) + CANCEL_GRACE;
        match receiver.recv_timeout(wait) {
            Ok(result) => result,
            Err(_) => Err(StoreError::Timeout(options.timeout.unwrap_or(wait))),
        }
    }

    fn options(&self) -> QueryOptions {
        QueryOptions {
            timeout: Some(self.config.timeout),
            max_results: Some(self.config.max_results),
            services: Some(Arc::clone(&self.services)),
            ..QueryOptions::default()
        }
    }

    /// Answers one request (never panics on any input; errors are responses).
    pub fn handle(&self, request: &mut Request<Body>) -> Response<Body> {
        let start = Instant::now();
        let method = request.method().clone();
        let target = request.uri().path_and_query().map_or_else(
            || request.uri().path().to_owned(),
            |p| p.as_str().to_owned(),
        );
        let mut response = self.route(request).unwrap_or_else(|f| {
            let mut r = text_response(f.status, format!("{}\n", f.message));
            if f.status == StatusCode::METHOD_NOT_ALLOWED {
                r.headers_mut().insert(
                    header::ALLOW,
                    HeaderValue::from_static("GET, POST, OPTIONS"),
                );
            }
            r
        });
        if let Ok(origin) = HeaderValue::from_str(&self.config.cors_origin) {
            let headers = response.headers_mut();
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            headers.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static("Content-Type, Content-Disposition"),
            );
        }
        if self.config.log {
            let shown: String = target.chars().take(300).collect();
            eprintln!(
                "{} {method} {shown} {} {} {:.1}ms",
                chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ"),
                response.status().as_u16(),
                response
                    .body()
                    .len()
                    .map_or_else(|| "-".to_owned(), |n| format!("{n}B")),
                start.elapsed().as_secs_f64() * 1000.0
            );
        }
        response
    }

    fn route(&self, request: &mut Request<Body>) -> Result<Response<Body>, Failure> {
        let path = request.uri().path().to_owned();
        let method = request.method().clone();
        if method == Method::OPTIONS {
            return Ok(preflight());
        }
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        match (method.as_str(), segments.as_slice()) {
            ("GET" | "HEAD", ["favicon.ico"]) => {
                let mut r = Response::new(Body::empty());
                *r.status_mut() = StatusCode::NO_CONTENT;
                Ok(r)
            }
            ("GET" | "HEAD", ["queries"]) => Ok(ok(
                "application/json",
                Body::from(queries_json().to_string()),
            )),
            ("GET" | "HEAD" | "POST", ["queries", name]) => self.bundled(request, name),
            ("GET" | "HEAD" | "POST", ["query" | "sparql"]) => self.protocol(request),
            ("GET" | "HEAD", ["changes"]) => self.changes(request),
            ("GET" | "HEAD", ["search"]) => {
                let json_asked = url_params(request)
                    .iter()
                    .any(|(k, v)| k == "format" && v == "json");
                if accepts_html(request) && !json_asked {
                    self.search_page(request)
                } else {
                    self.search_json(request)
                }
            }
            ("GET" | "HEAD", ["question", leg, kind, num]) => {
                self.question(request, leg, kind, num)
            }
            (_, ["update" | "store" | "data"]) => Err(Failure::new(
                StatusCode::FORBIDDEN,
                "this endpoint is read-only: load with `qe2rdf load`",
            )),
            (
                _,
                [""] | ["queries"] | ["queries", _] | ["query" | "sparql"] | ["question", _, _, _],
            ) if method != Method::GET && method != Method::HEAD => Err(Failure::new(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{method} is not allowed on {path}"),
            )),
            ("GET" | "HEAD", _) => match self.site_route(request, &path)? {
                Some(response) => Ok(response),
                None => {
                    let lang = site::Lang::from_param(site::param(&url_params(request), "lang"));
                    self.not_found(request, lang, path.trim_start_matches('/'))
                }
            },
            _ => Err(Failure::new(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{method} is not allowed on {path}: the site is read-only"),
            )),
        }
    }

    /// `/query`: the SPARQL 1.1 Protocol.
    fn protocol(&self, request: &mut Request<Body>) -> Result<Response<Body>, Failure> {
        let mut params = url_params(request);
        if request.method() == Method::POST {
            let content_type = request
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            let body = self.read_body(request)?;
            match content_type.as_str() {
                "application/x-www-form-urlencoded" => {
                    params.extend(form_urlencoded::parse(body.as_bytes()).into_owned());
                }
                "application/sparql-query" => params.push(("query".to_owned(), body)),
                "application/sparql-update" => {
                    return Err(Failure::new(
                        StatusCode::FORBIDDEN,
                        "this endpoint is read-only: updates are refused",
                    ));
                }
                other => {
                    return Err(Failure::new(
                        StatusCode::UNSUPPORTED_MEDIA_TYPE,
                        format!(
                            "a query is sent as application/sparql-query or application/x-www-form-urlencoded, not {other:?}"
                        ),
                    ));
                }
            }
        }
        if params.iter().any(|(k, _)| k == "update") {
            return Err(Failure::new(
                StatusCode::FORBIDDEN,
                "this endpoint is read-only: updates are refused",
            ));
        }
        let queries: Vec<&String> = params
            .iter()
            .filter(|(k, _)| k == "query")
            .map(|(_, v)| v)
            .collect();
        let sparql = match queries.as_slice() {
            [one] => (*one).clone(),
            [] => {
                if accepts_html(request) {
                    return Ok(ok("text/html; charset=utf-8", Body::from(PAGE)));
                }
                return Err(Failure::bad_request(
                    "no query: send ?query=… (GET) or a query body (POST)",
                ));
            }
            _ => return Err(Failure::bad_request("several query parameters: send one")),
        };
        let mut options = self.options();
        for (key, value) in &params {
            let graphs = match key.as_str() {
                "default-graph-uri" => &mut options.default_graphs,
                "named-graph-uri" => &mut options.named_graphs,
                _ => continue,
            };
            graphs.push(NamedNode::new(value.clone()).map_err(|e| {
                Failure::bad_request(format!("{key}: {value:?} is not an IRI ({e})"))
            })?);
        }
        let output = self.run(&sparql, &options)?;
        respond(request, &params, &output, &self.minter, None)
    }

    /// `/queries/{name}?param=value`: a bundled query.
    fn bundled(&self, request: &mut Request<Body>, name: &str) -> Result<Response<Body>, Failure> {
        let query =
            queries::find(name).map_err(|e| Failure::new(StatusCode::NOT_FOUND, e.to_string()))?;
        let mut params = url_params(request);
        if request.method() == Method::POST {
            let body = self.read_body(request)?;
            params.extend(form_urlencoded::parse(body.as_bytes()).into_owned());
        }
        let pairs: Vec<String> = params
            .iter()
            .filter(|(k, v)| k != "format" && k != "download" && !v.is_empty())
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let bindings = query
            .bind(&pairs)
            .map_err(|e| Failure::bad_request(e.to_string()))?;
        let options = QueryOptions {
            bindings,
            ..self.options()
        };
        let output = self.run(query.sparql, &options)?;
        respond(request, &params, &output, &self.minter, Some(name))
    }

    /// `/question/{leg}/{type}/{num}`: one question's graph and what it links to.
    fn question(
        &self,
        request: &Request<Body>,
        leg: &str,
        kind: &str,
        num: &str,
    ) -> Result<Response<Body>, Failure> {
        let bad = || {
            Failure::new(
                StatusCode::NOT_FOUND,
                format!(
                    "/question/{leg}/{kind}/{num} does not name a question: /question/{{legislature}}/{{QE|QOSD|QG}}/{{number}}"
                ),
            )
        };
        let legislature: u16 = leg.parse().map_err(|_| bad())?;
        let number: u32 = num.parse().map_err(|_| bad())?;
        let kind = match kind.to_ascii_uppercase().as_str() {
            "QE" => QuestionKind::Written,
            "QOSD" => QuestionKind::Oral,
            "QG" => QuestionKind::Government,
            _ => return Err(bad()),
        };
        let id = QuestionId {
            legislature,
            kind,
            number,
        };
        let params = url_params(request);
        // A browser gets the question's page.
        if accepts_html(request) && !params.iter().any(|(k, _)| k == "format") {
            let iri = self.minter.question(&id);
            return Ok(self.see_other_to_page(&iri, &params));
        }
        let representation = negotiate(request, &params, GRAPHS)?;
        let graph = self
            .store()
            .question(self.minter.question_graph(&id).as_ref())?
            .ok_or_else(|| {
                Failure::new(
                    StatusCode::NOT_FOUND,
                    format!("question {} is not in the store", id.uid()),
                )
            })?;
        let Representation::Graph(format) = representation else {
            return Err(Failure::new(
                StatusCode::NOT_ACCEPTABLE,
                "not a graph format",
            ));
        };
        let mut writer = GraphWriter::new(format, Vec::new(), &self.minter).map_err(internal)?;
        writer.write(&graph).map_err(internal)?;
        let (bytes, _) = writer.finish().map_err(internal)?;
        Ok(ok(representation.content_type(), Body::from(bytes)))
    }

    fn read_body(&self, request: &mut Request<Body>) -> Result<String, Failure> {
        let mut bytes = Vec::new();
        request
            .body_mut()
            .take(self.config.max_body + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::bad_request(format!("cannot read the request body: {e}")))?;
        if bytes.len() as u64 > self.config.max_body {
            return Err(Failure::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "the request body is larger than {} bytes",
                    self.config.max_body
                ),
            ));
        }
        String::from_utf8(bytes).map_err(|_| Failure::bad_request("the request body is not UTF-8"))
    }
}

fn internal(e: impl std::fmt::Display) -> Failure {
    Failure::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
}

fn url_params(request: &Request<Body>) -> Vec<(String, String)> {
    request
        .uri()
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default()
}

fn accepts_html(request: &Request<Body>) -> bool {
    request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"))
}

fn negotiate(
    request: &Request<Body>,
    params: &[(String, String)],
    offered: &[(&str, Representation)],
) -> Result<Representation, Failure> {
    let offers = || {
        offered
            .iter()
            .map(|(m, _)| *m)
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some((_, name)) = params.iter().find(|(k, _)| k == "format") {
        return by_name(name, offered).ok_or_else(|| {
            Failure::bad_request(format!(
                "format {name:?} is not offered here; choose one of: {}",
                offers()
            ))
        });
    }
    let accept = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok());
    choose(accept, offered).ok_or_else(|| {
        Failure::new(
            StatusCode::NOT_ACCEPTABLE,
            format!(
                "none of the accepted types is offered; offered: {}",
                offers()
            ),
        )
    })
}

/// Writes a query result in the negotiated representation.
fn respond(
    request: &Request<Body>,
    params: &[(String, String)],
    output: &QueryOutput,
    minter: &IriMinter,
    download_name: Option<&str>,
) -> Result<Response<Body>, Failure> {
    let offered = match output {
        QueryOutput::Graph(_) => GRAPHS,
        _ => TABLES,
    };
    let representation = negotiate(request, params, offered)?;
    let bytes = match (representation, output) {
        (Representation::Graph(format), QueryOutput::Graph(triples)) => {
            let mut sorted = triples.clone();
            crate::export::sort_for_output(&mut sorted);
            sorted.dedup();
            let mut writer = GraphWriter::new(format, Vec::new(), minter).map_err(internal)?;
            writer.write_triples(&sorted).map_err(internal)?;
            writer.finish().map_err(internal)?.0
        }
        (r, _) => {
            let format = match r {
                Representation::ResultsXml => ResultsFormat::Xml,
                Representation::Csv => ResultsFormat::Csv,
                Representation::Tsv => ResultsFormat::Tsv,
                _ => ResultsFormat::Json,
            };
            write_query_output(output, format, Vec::new()).map_err(internal)?
        }
    };
    let mut response = ok(representation.content_type(), Body::from(bytes));
    let wants_download = params.iter().any(|(k, v)| k == "download" && v != "0");
    if wants_download {
        let name = download_name.unwrap_or("results");
        if let Ok(v) = HeaderValue::from_str(&format!(
            "attachment; filename=\"{name}.{}\"",
            representation.extension()
        )) {
            response
                .headers_mut()
                .insert(header::CONTENT_DISPOSITION, v);
        }
    }
    Ok(response)
}

fn ok(content_type: &'static str, body: Body) -> Response<Body> {
    let mut response = Response::new(body);
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn text_response(status: StatusCode, text: String) -> Response<Body> {
    let mut response = ok("text/plain; charset=utf-8", Body::from(text));
    *response.status_mut() = status;
    response
}

fn preflight() -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, OPTIONS"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Content-Type, Accept"),
    );
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
    response
}

/// The bundled queries, as the page lists them.
#[must_use]
pub fn queries_json() -> serde_json::Value {
    serde_json::Value::Array(
        queries::ALL
            .iter()
            .map(|q| {
                serde_json::json!({
                    "name": q.name,
                    "description": q.description(),
                    "params": q.params().iter().map(|p| serde_json::json!({
                        "name": p.name,
                        "type": match p.kind {
                            queries::ParamType::String => "string",
                            queries::ParamType::Integer => "integer",
                            queries::ParamType::Date => "date",
                            queries::ParamType::DateTime => "datetime",
                            queries::ParamType::Iri => "iri",
                        },
                        "required": p.required,
                        "description": p.description,
                    })).collect::<Vec<_>>(),
                    "examples": q.examples(),
                    "sparql": q.sparql,
                })
            })
            .collect(),
    )
}

/// How to run the server.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Addresses to listen on.
    pub bind: Vec<SocketAddr>,
    /// Most connections served at once (one thread each).
    pub max_connections: usize,
    /// Idle connections are closed after this long.
    pub connection_timeout: Duration,
}

/// Serves `endpoint` until the process ends.
pub fn serve(endpoint: Endpoint, options: &ServeOptions) -> std::io::Result<()> {
    let endpoint = Arc::new(endpoint);
    let mut server = oxhttp::Server::new(move |request| endpoint.handle(request))
        .with_global_timeout(options.connection_timeout)
        .with_max_concurrent_connections(options.max_connections);
    server = server
        .with_server_name(concat!("qe2rdf/", env!("CARGO_PKG_VERSION")))
        .map_err(std::io::Error::other)?;
    for addr in &options.bind {
        server = server.bind(*addr);
    }
    server.spawn()?.join()
}

#[cfg(test)]
mod tests;
