//! The embedded store: a persistent Oxigraph (RocksDB) store with one named graph per
//! question and the shared descriptions in a reference graph; queries run over the union.
//!
//! This is the only module that uses Oxigraph's store and query API.
//!
//! - Loading a question replaces its graph in the same transaction that writes it, so a
//!   reader sees the old version or the new one, never a half question; a batch of
//!   questions commits at once.
//! - A large load into an empty store goes through Oxigraph's bulk loader, in chunks that
//!   each commit atomically (memory stays bounded).
//! - A second writer gets [`StoreError::InUse`]; readers open the store read-only and see a
//!   consistent snapshot while a load runs.

pub mod cocitation;
pub mod queries;
pub mod results;
pub mod search;
mod service_pattern;
pub mod shacl;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use oxigraph::io::RdfSerializer;
use oxigraph::model::{
    GraphNameRef, NamedNode, NamedNodeRef, Quad, QuadRef, Term, Triple, Variable,
};
use oxigraph::sparql::{
    CancellationToken, DefaultServiceHandler, QueryEvaluationError, QueryResults,
    QuerySolutionIter, SparqlEvaluator,
};
use oxigraph::store::{StorageError, Store};
use oxiri::Iri;
use spargebra::algebra::GraphPattern;

use crate::rdf::{IriMinter, QuestionGraph};
use crate::store::search::in_step::{Readiness, SearchHandle};
use crate::store::search::{Hits, IndexState, SearchError};
use crate::text::FoldedPhrase;

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// Another process holds the store open for writing.
    #[error(
        "store {path} is in use by another qe2rdf process (a load is running?); wait for it to finish, or query it read-only"
    )]
    InUse {
        /// The store directory.
        path: PathBuf,
    },
    /// The store does not exist.
    #[error("no store at {path}; create one with `qe2rdf load INPUT… --store {path}`")]
    Missing {
        /// The store directory.
        path: PathBuf,
    },
    /// The directory exists and holds something else.
    #[error(
        "{path} is not a qe2rdf store (it is a non-empty directory without a store in it); choose another --store"
    )]
    NotAStore {
        /// The directory.
        path: PathBuf,
    },
    /// The path exists and is not a directory.
    #[error("{path} is not a directory")]
    NotADirectory {
        /// The path.
        path: PathBuf,
    },
    /// RocksDB reported corruption.
    #[error("store {path} is corrupted: {message}")]
    Corrupted {
        /// The store directory.
        path: PathBuf,
        /// What RocksDB said.
        message: String,
    },
    /// Any other storage error.
    #[error("storage error: {0}")]
    Storage(#[from] StorageError),
    /// The SPARQL text does not parse.
    #[error("SPARQL syntax error: {0}")]
    Syntax(String),
    /// The query failed while running.
    #[error("query evaluation failed: {0}")]
    Evaluation(String),
    /// The query ran longer than its time limit.
    #[error("query cancelled after {0:?} (time limit)")]
    Timeout(Duration),
    /// The search index failed.
    #[error(transparent)]
    Search(#[from] SearchError),
    /// The store has no search index.
    #[error("the store has no search index: run `qe2rdf index --rebuild` (a load also makes it)")]
    NoSearchIndex,
    /// Too many queries are running already.
    #[error("{0} queries are running already; try again in a moment")]
    Busy(usize),
    /// The query returned more rows than the limit.
    #[error("query result has more than {0} rows (limit)")]
    TooManyResults(usize),
    /// Writing a dump failed.
    #[error("dump failed: {0}")]
    Dump(String),
}

/// The result of a query, collected.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryOutput {
    /// SELECT: variables and rows.
    Solutions {
        /// Variable names, in projection order.
        variables: Vec<String>,
        /// One row per solution; `None` for unbound.
        rows: Vec<Vec<Option<Term>>>,
    },
    /// ASK.
    Boolean(bool),
    /// CONSTRUCT / DESCRIBE.
    Graph(Vec<Triple>),
}

/// Options of a query run.
#[derive(Clone, Default)]
pub struct QueryOptions {
    /// Values to substitute for variables (`?ministry` → a literal or IRI).
    pub bindings: Vec<(String, Term)>,
    /// Cancel the query after this long.
    pub timeout: Option<Duration>,
    /// Refuse results with more rows (or triples) than this.
    pub max_results: Option<usize>,
    /// The default graph: these graphs merged (SPARQL protocol `default-graph-uri`);
    /// empty for the union of all graphs.
    pub default_graphs: Vec<NamedNode>,
    /// The named graphs the query may use (`named-graph-uri`); empty for all.
    pub named_graphs: Vec<NamedNode>,
    /// What answers the query's `SERVICE` calls to other endpoints; without one (the
    /// default), every call is refused.
    pub services: Option<ServiceHandler>,
}

impl std::fmt::Debug for QueryOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueryOptions")
            .field("bindings", &self.bindings)
            .field("timeout", &self.timeout)
            .field("max_results", &self.max_results)
            .field("default_graphs", &self.default_graphs)
            .field("named_graphs", &self.named_graphs)
            .field("services", &self.services.as_ref().map(|_| "a handler"))
            .finish()
    }
}

/// What answers a query's `SERVICE` calls to other endpoints. The store never calls
/// another endpoint on its own: the caller that decides which may be called (the HTTP
/// endpoint's list of allowed hosts) gives the handler.
pub type ServiceHandler =
    Arc<dyn DefaultServiceHandler<Error = QueryEvaluationError> + Send + Sync>;

/// The handler given to the query engine: the caller's, or one refusing every call.
struct Services(Option<ServiceHandler>);

impl DefaultServiceHandler for Services {
    type Error = QueryEvaluationError;

    fn handle(
        &self,
        service_name: &NamedNode,
        pattern: &GraphPattern,
        base_iri: Option<&Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, QueryEvaluationError> {
        match &self.0 {
            Some(handler) => handler.handle(service_name, pattern, base_iri),
            None => Err(service_error(format!(
                "SERVICE <{}> refused: calls to other endpoints are off",
                service_name.as_str()
            ))),
        }
    }
}

/// An error of a `SERVICE` call (to another endpoint or to one of the store's own
/// services).
#[must_use]
pub fn service_error(message: String) -> QueryEvaluationError {
    QueryEvaluationError::Service(message.into())
}

/// Counts of one load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadCounts {
    /// Questions written.
    pub questions: usize,
    /// Quads written (question graphs and reference graph, before deduplication by the
    /// store).
    pub quads: usize,
}

/// The embedded store.
pub struct QuestionStore {
    store: Store,
    minter: IriMinter,
    path: Option<PathBuf>,
    /// The full-text index beside the store.
    search: Arc<SearchHandle>,
}

#[cfg(feature = "rocksdb")]
fn is_store_dir(path: &Path) -> bool {
    path.join("CURRENT").is_file()
}

#[cfg(feature = "rocksdb")]
fn map_open_error(path: &Path, e: StorageError) -> StoreError {
    let message = e.to_string();
    if message.contains("LOCK")
        && (message.contains("temporarily unavailable") || message.contains("lock"))
    {
        StoreError::InUse {
            path: path.to_owned(),
        }
    } else if message.to_ascii_lowercase().contains("corrupt") || message.contains("checksum") {
        StoreError::Corrupted {
            path: path.to_owned(),
            message,
        }
    } else {
        StoreError::Storage(e)
    }
}

impl QuestionStore {
    /// Opens (or creates) the store at `path` for writing.
    #[cfg(feature = "rocksdb")]
    pub fn open(path: &Path, minter: IriMinter) -> Result<Self, StoreError> {
        if path.exists() {
            if !path.is_dir() {
                return Err(StoreError::NotADirectory {
                    path: path.to_owned(),
                });
            }
            let empty = std::fs::read_dir(path)
                .map_err(|e| StoreError::Storage(StorageError::Io(e)))?
                .next()
                .is_none();
            if !empty && !is_store_dir(path) {
                return Err(StoreError::NotAStore {
                    path: path.to_owned(),
                });
            }
        }
        let store = Store::open(path).map_err(|e| map_open_error(path, e))?;
        Ok(Self {
            store,
            minter,
            path: Some(path.to_owned()),
            search: Arc::new(SearchHandle::new(Some(path))),
        })
    }

    /// Opens an existing store read-only: no lock is taken, so this works while a load
    /// runs, and the store seen is a snapshot of when it was opened.
    #[cfg(feature = "rocksdb")]
    pub fn open_read_only(path: &Path, minter: IriMinter) -> Result<Self, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_owned(),
            });
        }
        if !path.is_dir() {
            return Err(StoreError::NotADirectory {
                path: path.to_owned(),
            });
        }
        if !is_store_dir(path) {
            return Err(StoreError::NotAStore {
                path: path.to_owned(),
            });
        }
        // A load running beside us may remove a file between our reading the list of files
        // and opening them: such a failure is retried on the newer list.
        let mut attempt = 0;
        let store = loop {
            match Store::open_read_only(path).map_err(|e| map_open_error(path, e)) {
                Ok(store) => break store,
                Err(StoreError::Storage(_) | StoreError::Corrupted { .. }) if attempt < 5 => {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(20 * attempt));
                }
                Err(e) => return Err(e),
            }
        };
        Ok(Self {
            store,
            minter,
            path: Some(path.to_owned()),
            search: Arc::new(SearchHandle::new(Some(path))),
        })
    }

    /// A store in memory (tests, `convert --validate`).
    pub fn in_memory(minter: IriMinter) -> Result<Self, StoreError> {
        Ok(Self {
            store: Store::new()?,
            minter,
            path: None,
            search: Arc::new(SearchHandle::new(None)),
        })
    }

    /// The IRI minter (for graph names).
    #[must_use]
    pub fn minter(&self) -> &IriMinter {
        &self.minter
    }

    /// Where the store lives, when on disk.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether the store holds no quad at all.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.store.is_empty()?)
    }

    /// Number of quads.
    pub fn len(&self) -> Result<usize, StoreError> {
        Ok(self.store.len()?)
    }

    /// Writes a batch of questions in one transaction: each question's graph is cleared and
    /// rewritten, the shared descriptions are added to the reference graph.
    pub fn load_batch(&self, graphs: &[QuestionGraph]) -> Result<LoadCounts, StoreError> {
        self.write_batch(graphs, None)
    }

    fn write_batch(
        &self,
        graphs: &[QuestionGraph],
        appended: Option<(&NamedNode, &[Triple])>,
    ) -> Result<LoadCounts, StoreError> {
        let reference = self.minter.reference_graph();
        self.search.begin(graphs, &self.minter)?;
        let mut transaction = self.store.start_transaction()?;
        let mut counts = LoadCounts::default();
        for g in graphs {
            transaction.clear_graph(g.graph.as_ref())?;
            for t in &g.triples {
                transaction.insert(QuadRef::new(
                    &t.subject,
                    &t.predicate,
                    &t.object,
                    g.graph.as_ref(),
                ));
            }
            for t in &g.reference {
                transaction.insert(QuadRef::new(
                    &t.subject,
                    &t.predicate,
                    &t.object,
                    reference.as_ref(),
                ));
            }
            counts.questions += 1;
            counts.quads += g.triples.len() + g.reference.len();
        }
        if let Some((graph, triples)) = appended {
            for t in triples {
                transaction.insert(QuadRef::new(&t.subject, &t.predicate, &t.object, graph));
            }
        }
        transaction.commit()?;
        self.search.commit(graphs, &self.store, &self.minter)?;
        Ok(counts)
    }

    /// Writes a batch of questions as [`Self::load_batch`] does, and in the same
    /// transaction adds `appended` to the graph `graph` (which keeps what it held): the
    /// change log of a sync.
    pub fn load_batch_appending(
        &self,
        graphs: &[QuestionGraph],
        graph: &NamedNode,
        appended: &[Triple],
    ) -> Result<LoadCounts, StoreError> {
        self.write_batch(graphs, Some((graph, appended)))
    }

    /// The content digest (`qe:contentDigest`) of every question that has one, by
    /// identifier.
    pub fn content_digests(&self) -> Result<rustc_hash::FxHashMap<String, String>, StoreError> {
        let sparql = format!(
            "SELECT ?uid ?digest WHERE {{ GRAPH ?g {{ ?q <{}> ?uid ; <{}> ?digest }} }}",
            crate::rdf::vocab::dcterms::IDENTIFIER.as_str(),
            crate::rdf::vocab::qe::CONTENT_DIGEST.as_str()
        );
        let mut digests = rustc_hash::FxHashMap::default();
        if let QueryOutput::Solutions { rows, .. } =
            self.query(&sparql, &QueryOptions::default())?
        {
            for row in rows {
                if let (Some(Some(Term::Literal(uid))), Some(Some(Term::Literal(d)))) =
                    (row.first(), row.get(1))
                {
                    digests.insert(uid.value().to_owned(), d.value().to_owned());
                }
            }
        }
        Ok(digests)
    }

    /// Writes a chunk of questions that are not in the store yet with the bulk loader
    /// (faster for large loads; the chunk commits atomically).
    pub fn bulk_load(
        &self,
        graphs: &[QuestionGraph],
        threads: usize,
    ) -> Result<LoadCounts, StoreError> {
        self.bulk_load_appending(graphs, threads, None)
    }

    /// Writes a chunk of questions not in the store yet with the bulk loader, as
    /// [`Self::bulk_load`] does, and adds `appended` to its graph in the same chunk (the
    /// change log of a first sync).
    pub fn bulk_load_appending(
        &self,
        graphs: &[QuestionGraph],
        threads: usize,
        appended: Option<(&NamedNode, &[Triple])>,
    ) -> Result<LoadCounts, StoreError> {
        let reference = self.minter.reference_graph();
        let mut counts = LoadCounts::default();
        self.search.begin(graphs, &self.minter)?;
        let quads = graphs.iter().flat_map(|g| {
            let question = g.triples.iter().map(|t| {
                Quad::new(
                    t.subject.clone(),
                    t.predicate.clone(),
                    t.object.clone(),
                    g.graph.clone(),
                )
            });
            let shared = g.reference.iter().map(|t| {
                Quad::new(
                    t.subject.clone(),
                    t.predicate.clone(),
                    t.object.clone(),
                    reference.clone(),
                )
            });
            question.chain(shared)
        });
        let log = appended.into_iter().flat_map(|(graph, triples)| {
            triples.iter().map(move |t| {
                Quad::new(
                    t.subject.clone(),
                    t.predicate.clone(),
                    t.object.clone(),
                    graph.clone(),
                )
            })
        });
        let quads = quads.chain(log);
        let mut loader = self
            .store
            .bulk_loader()
            .with_num_threads(threads.max(1))
            .with_max_memory_size_in_megabytes(256);
        loader.load_quads(quads)?;
        loader.commit()?;
        self.search.commit(graphs, &self.store, &self.minter)?;
        for g in graphs {
            counts.questions += 1;
            counts.quads += g.triples.len() + g.reference.len();
        }
        Ok(counts)
    }

    /// Whether the store has a graph for this question.
    pub fn has_graph(&self, graph: NamedNodeRef<'_>) -> Result<bool, StoreError> {
        Ok(self.store.contains_named_graph(graph)?)
    }

    /// The question graphs in the store.
    pub fn question_graphs(&self) -> Result<Vec<NamedNode>, StoreError> {
        let prefix = format!("{}graph/question/", self.minter.base());
        let mut graphs = Vec::new();
        for g in self.store.named_graphs() {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(n) = g? {
                if n.as_str().starts_with(&prefix) {
                    graphs.push(n);
                }
            }
        }
        graphs.sort();
        Ok(graphs)
    }

    /// The triples of one graph, sorted.
    pub fn graph_triples(&self, graph: NamedNodeRef<'_>) -> Result<Vec<Triple>, StoreError> {
        let mut triples = Vec::new();
        for q in
            self.store
                .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph)))
        {
            let q = q?;
            triples.push(Triple::new(q.subject, q.predicate, q.object));
        }
        crate::rdf::order::sort_triples(&mut triples);
        Ok(triples)
    }

    /// One question as people want it: its graph's triples and the shared descriptions
    /// (deputy, group, ministry…) of what it links to. `None` when it is not in the store.
    pub fn question(&self, graph: NamedNodeRef<'_>) -> Result<Option<QuestionGraph>, StoreError> {
        if !self.has_graph(graph)? {
            return Ok(None);
        }
        let triples = self.graph_triples(graph)?;
        let mut reference = Vec::new();
        let linked: std::collections::HashSet<&Term> = triples.iter().map(|t| &t.object).collect();
        let reference_graph = self.minter.reference_graph();
        for object in linked {
            let subject = match object {
                Term::NamedNode(n) => oxigraph::model::NamedOrBlankNodeRef::from(n.as_ref()),
                Term::BlankNode(b) => b.as_ref().into(),
                _ => continue,
            };
            for q in self.store.quads_for_pattern(
                Some(subject),
                None,
                None,
                Some(GraphNameRef::NamedNode(reference_graph.as_ref())),
            ) {
                let q = q?;
                reference.push(Triple::new(q.subject, q.predicate, q.object));
            }
        }
        crate::rdf::order::sort_triples(&mut reference);
        Ok(Some(QuestionGraph {
            graph: graph.into_owned(),
            triples,
            reference,
        }))
    }

    /// The reference data the questions of the store were linked with (see
    /// [`crate::model::ReferenceSnapshot`]), each with the number of questions linked with
    /// it, oldest first.
    pub fn reference_snapshots(
        &self,
    ) -> Result<Vec<(crate::model::ReferenceSnapshot, u64)>, StoreError> {
        let sparql = "PREFIX qe: <https://w3id.org/qe2rdf/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?r ?date (COUNT(DISTINCT ?a) AS ?n)
WHERE { ?a qe:referenceData ?r . ?r dcterms:issued ?date }
GROUP BY ?r ?date ORDER BY ?date ?r";
        let QueryOutput::Solutions { rows, .. } = self.query(sparql, &QueryOptions::default())?
        else {
            return Ok(Vec::new());
        };
        let prefix = format!("{}reference/", self.minter.base());
        let mut found = Vec::new();
        for row in rows {
            let (
                Some(Some(Term::NamedNode(r))),
                Some(Some(Term::Literal(date))),
                Some(Some(Term::Literal(n))),
            ) = (row.first(), row.get(1), row.get(2))
            else {
                continue;
            };
            let Ok(date) = crate::text::parse_iso_date(date.value()) else {
                continue;
            };
            let mut parts = r
                .as_str()
                .strip_prefix(&prefix)
                .unwrap_or_default()
                .split('/');
            let source = parts.next().unwrap_or_default().to_owned();
            let origin = parts.nth(1).map_or_else(
                || crate::model::ReferenceSnapshot::COMPILED.to_owned(),
                str::to_owned,
            );
            found.push((
                crate::model::ReferenceSnapshot {
                    source,
                    date,
                    origin,
                },
                n.value().parse().unwrap_or(0),
            ));
        }
        Ok(found)
    }

    /// All quads, sorted (for exports and comparisons).
    pub fn all_quads(&self) -> Result<Vec<Quad>, StoreError> {
        let mut quads = self.store.iter().collect::<Result<Vec<_>, _>>()?;
        quads.sort_by(crate::rdf::order::cmp_quad);
        Ok(quads)
    }

    /// Runs a SPARQL query over the union of the graphs.
    pub fn query(&self, sparql: &str, options: &QueryOptions) -> Result<QueryOutput, StoreError> {
        // Oxigraph is built without its HTTP client: SERVICE clauses go to the caller's
        // handler, if any.
        let mut evaluator = with_extensions(
            SparqlEvaluator::new(),
            Arc::clone(&self.search),
            self.store.clone(),
            self.minter.clone(),
        )
        .with_default_service_handler(Services(options.services.clone()));
        let token = CancellationToken::new();
        // Dropping `_done` when the query ends wakes the watchdog, which then exits.
        let (_done, finished) = std::sync::mpsc::channel::<()>();
        if let Some(timeout) = options.timeout {
            evaluator = evaluator.with_cancellation_token(token.clone());
            let t = token.clone();
            std::thread::spawn(move || {
                if finished.recv_timeout(timeout) == Err(std::sync::mpsc::RecvTimeoutError::Timeout)
                {
                    t.cancel();
                }
            });
        }
        let sparql = crate::store::queries::inject_values(sparql, &options.bindings)
            .map_err(|e| StoreError::Syntax(e.to_string()))?;
        let mut prepared = evaluator
            .parse_query(&sparql)
            .map_err(|e| StoreError::Syntax(e.to_string()))?;
        let dataset = prepared.dataset_mut();
        if options.default_graphs.is_empty() {
            dataset.set_default_graph_as_union();
        } else {
            dataset.set_default_graph(
                options
                    .default_graphs
                    .iter()
                    .cloned()
                    .map(Into::into)
                    .collect(),
            );
        }
        if !options.named_graphs.is_empty() {
            dataset.set_available_named_graphs(
                options
                    .named_graphs
                    .iter()
                    .cloned()
                    .map(Into::into)
                    .collect(),
            );
        }
        let evaluation = |e: oxigraph::sparql::QueryEvaluationError| {
            if token.is_cancelled() {
                StoreError::Timeout(options.timeout.unwrap_or_default())
            } else {
                StoreError::Evaluation(e.to_string())
            }
        };
        let limit = options.max_results.unwrap_or(usize::MAX);
        match prepared
            .on_store(&self.store)
            .execute()
            .map_err(evaluation)?
        {
            QueryResults::Boolean(b) => Ok(QueryOutput::Boolean(b)),
            QueryResults::Solutions(solutions) => {
                let variables: Vec<Variable> = solutions.variables().to_vec();
                let mut rows = Vec::new();
                for solution in solutions {
                    // Solutions produced from memory (a cross product) never read the store,
                    // where the evaluator looks for the cancellation: look here too.
                    if token.is_cancelled() {
                        return Err(StoreError::Timeout(options.timeout.unwrap_or_default()));
                    }
                    let solution = solution.map_err(evaluation)?;
                    if rows.len() >= limit {
                        return Err(StoreError::TooManyResults(limit));
                    }
                    rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
                }
                Ok(QueryOutput::Solutions {
                    variables: variables.iter().map(|v| v.as_str().to_owned()).collect(),
                    rows,
                })
            }
            QueryResults::Graph(triples) => {
                let mut out = Vec::new();
                for t in triples {
                    if token.is_cancelled() {
                        return Err(StoreError::Timeout(options.timeout.unwrap_or_default()));
                    }
                    if out.len() >= limit {
                        return Err(StoreError::TooManyResults(limit));
                    }
                    out.push(t.map_err(evaluation)?);
                }
                Ok(QueryOutput::Graph(out))
            }
        }
    }

    /// Dumps the whole store (a dataset format) or one graph (any format) to a writer.
    pub fn dump<W: std::io::Write>(
        &self,
        serializer: RdfSerializer,
        graph: Option<NamedNodeRef<'_>>,
        writer: W,
    ) -> Result<W, StoreError> {
        match graph {
            Some(g) => self
                .store
                .dump_graph_to_writer(g, serializer, writer)
                .map_err(|e| StoreError::Dump(e.to_string())),
            None => self
                .store
                .dump_to_writer(serializer, writer)
                .map_err(|e| StoreError::Dump(e.to_string())),
        }
    }

    /// Flushes and compacts the store.
    #[cfg(feature = "rocksdb")]
    pub fn optimize(&self) -> Result<(), StoreError> {
        self.store.flush()?;
        self.store.optimize()?;
        Ok(())
    }

    /// Gets the search index ready for a load: made from the store when it has none,
    /// repaired when a stopped load left it behind the store.
    pub fn prepare_search(&self) -> Result<Readiness, StoreError> {
        Ok(self.search.make_ready(&self.store, &self.minter)?)
    }

    /// Removes the search index: until it is made again, the store keeps none up to date.
    pub fn drop_search(&self) -> Result<(), StoreError> {
        Ok(self.search.drop_index()?)
    }

    /// Makes the search index anew from the store; the number of questions indexed.
    pub fn rebuild_search(&self) -> Result<u64, StoreError> {
        Ok(self.search.rebuild(&self.store, &self.minter)?)
    }

    /// Runs judged queries (see [`search::judged`]) on the search index.
    pub fn judge(
        &self,
        judged: &[search::judged::Judged],
    ) -> Result<Vec<search::judged::Measured>, StoreError> {
        let index = self.search.index().ok_or(StoreError::NoSearchIndex)?;
        Ok(search::judged::measure(&index, judged)?)
    }

    /// How the search index stands beside the store.
    #[must_use]
    pub fn search_state(&self) -> IndexState {
        self.search.state()
    }

    /// The identifier of every question the search index holds, once per entry (see
    /// [`search::SearchIndex::uids`]). Needs the search index.
    pub fn indexed_uids(&self) -> Result<Vec<String>, StoreError> {
        let index = self.search.index().ok_or(StoreError::NoSearchIndex)?;
        Ok(index.uids()?)
    }

    /// Searches the questions (the syntax of [`search::query`]): `limit` results from
    /// `offset`, best first.
    pub fn search(&self, query: &str, limit: usize, offset: usize) -> Result<Hits, StoreError> {
        let index = self.search.index().ok_or(StoreError::NoSearchIndex)?;
        Ok(index.search(query, limit, offset)?)
    }

    /// A page of the questions linked to a resource, newest first, and their number,
    /// without their profile (see [`search::listing`]). Needs the search index.
    pub fn listing_page(
        &self,
        links: &[String],
        limit: usize,
        offset: usize,
    ) -> Result<search::listing::Listing, StoreError> {
        let index = self.search.index().ok_or(StoreError::NoSearchIndex)?;
        Ok(index.listing_page(links, limit, offset)?)
    }

    /// The questions linked to a resource, newest first, and their profile (see
    /// [`search::listing`]). Needs the search index.
    pub fn listing(
        &self,
        links: &[String],
        filter: &search::listing::ListFilter,
        limit: usize,
        offset: usize,
    ) -> Result<search::listing::Listing, StoreError> {
        let index = self.search.index().ok_or(StoreError::NoSearchIndex)?;
        Ok(index.listing(links, filter, limit, offset)?)
    }

    /// Every triple whose subject is `subject`, in any graph, sorted and without duplicates.
    pub fn about(&self, subject: NamedNodeRef<'_>) -> Result<Vec<Triple>, StoreError> {
        self.triples_of(subject, None)
    }

    /// The triples linking `subject` to `object`, in any graph, without duplicates.
    pub fn links_between(
        &self,
        subject: NamedNodeRef<'_>,
        object: NamedNodeRef<'_>,
    ) -> Result<Vec<Triple>, StoreError> {
        self.triples_of(subject, Some(object))
    }

    /// The triples of `subject` (to `object` when given), in any graph, sorted and without
    /// duplicates.
    fn triples_of(
        &self,
        subject: NamedNodeRef<'_>,
        object: Option<NamedNodeRef<'_>>,
    ) -> Result<Vec<Triple>, StoreError> {
        let mut triples = Vec::new();
        for q in
            self.store
                .quads_for_pattern(Some(subject.into()), None, object.map(Into::into), None)
        {
            let q = q?;
            triples.push(Triple::new(q.subject, q.predicate, q.object));
        }
        crate::rdf::order::sort_triples(&mut triples);
        triples.dedup();
        Ok(triples)
    }

    /// The triples of `subject` with `predicate`, in any graph.
    pub fn values(
        &self,
        subject: NamedNodeRef<'_>,
        predicate: NamedNodeRef<'_>,
    ) -> Result<Vec<Term>, StoreError> {
        let mut values = Vec::new();
        for q in self
            .store
            .quads_for_pattern(Some(subject.into()), Some(predicate), None, None)
        {
            values.push(q?.object);
        }
        values.sort_by_cached_key(ToString::to_string);
        values.dedup();
        Ok(values)
    }

    /// The counts a VoID description gives of the store: questions, triples, typed
    /// resources, instances of each class, triples of each property (a scan of the store:
    /// seconds for 100 000 questions).
    pub fn dataset_stats(&self) -> Result<crate::export::DatasetStats, StoreError> {
        let number = |t: Option<&Option<Term>>| match t {
            Some(Some(Term::Literal(l))) => l.value().parse().unwrap_or(0),
            _ => 0,
        };
        let rows = |sparql: &str| -> Result<Vec<Vec<Option<Term>>>, StoreError> {
            match self.query(sparql, &QueryOptions::default())? {
                QueryOutput::Solutions { rows, .. } => Ok(rows),
                _ => Ok(Vec::new()),
            }
        };
        let mut stats = crate::export::DatasetStats {
            questions: number(
                rows("SELECT (COUNT(?q) AS ?n) WHERE { ?q a <https://w3id.org/qe2rdf/ontology#Question> }")?
                    .first()
                    .and_then(|r| r.first()),
            ),
            triples: self.len()? as u64,
            entities: number(
                rows("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c }")?
                    .first()
                    .and_then(|r| r.first()),
            ),
            ..crate::export::DatasetStats::default()
        };
        for r in rows("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")? {
            if let Some(Some(Term::NamedNode(c))) = r.first() {
                stats
                    .classes
                    .insert(c.as_str().to_owned(), number(r.get(1)));
            }
        }
        for r in rows("SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p")? {
            if let Some(Some(Term::NamedNode(p))) = r.first() {
                stats
                    .properties
                    .insert(p.as_str().to_owned(), number(r.get(1)));
            }
        }
        Ok(stats)
    }

    /// Checks the store's internal consistency.
    pub fn validate(&self) -> Result<(), StoreError> {
        Ok(self.store.validate()?)
    }
}

/// `qe:fold(text)`: lowercase, accents removed (for searches that ignore them).
pub const FOLD_FUNCTION: &str = "https://w3id.org/qe2rdf/ontology#fold";
/// `qe:excerpt(text, phrase)`: where `phrase` occurs in `text`, case and accents ignored,
/// an excerpt of the text around it; unbound when it does not occur.
pub const EXCERPT_FUNCTION: &str = "https://w3id.org/qe2rdf/ontology#excerpt";
/// Characters of context an excerpt keeps before the phrase.
const EXCERPT_BEFORE: usize = 60;
/// Characters of context an excerpt keeps after the phrase.
const EXCERPT_AFTER: usize = 60;
/// `qe:median(?x)`: the median of numeric values, as a spreadsheet's `MEDIAN` gives it: the
/// middle value, or for an even count the mean of the two middle ones.
pub const MEDIAN_AGGREGATE: &str = "https://w3id.org/qe2rdf/ontology#median";

/// Adds qe2rdf's SPARQL extension functions, and its services `qe:search`
/// ([`crate::store::search::service`]) and `qe:coCitations` ([`crate::store::cocitation`]),
/// to an evaluator of queries on `store`.
pub(crate) fn with_extensions(
    evaluator: SparqlEvaluator,
    search: Arc<SearchHandle>,
    store: Store,
    minter: IriMinter,
) -> SparqlEvaluator {
    evaluator
        .with_service_handler(
            NamedNode::new_unchecked(crate::store::cocitation::CO_CITATIONS_SERVICE),
            crate::store::cocitation::CoCitationService::new(Arc::clone(&search), store),
        )
        .with_service_handler(
            NamedNode::new_unchecked(crate::store::search::service::SEARCH_SERVICE),
            crate::store::search::service::SearchService::new(search, minter),
        )
        .with_custom_function(NamedNode::new_unchecked(FOLD_FUNCTION), |args| match args {
            [Term::Literal(l)] => Some(
                oxigraph::model::Literal::new_simple_literal(crate::text::fold(l.value())).into(),
            ),
            _ => None,
        })
        .with_custom_function(NamedNode::new_unchecked(EXCERPT_FUNCTION), {
            // The evaluator is made for one query, which looks for one phrase in many texts:
            // it keeps the phrase folded, and a buffer for the folded texts.
            let last = std::sync::Mutex::new((FoldedPhrase::new(""), String::new()));
            move |args| match args {
                [Term::Literal(text), Term::Literal(phrase)] => {
                    let mut last = last.lock().ok()?;
                    let (folded_phrase, buffer) = &mut *last;
                    if folded_phrase.as_str() != phrase.value() {
                        *folded_phrase = FoldedPhrase::new(phrase.value());
                    }
                    folded_phrase
                        .excerpt(text.value(), EXCERPT_BEFORE, EXCERPT_AFTER, buffer)
                        .map(|excerpt| oxigraph::model::Literal::new_simple_literal(excerpt).into())
                }
                _ => None,
            }
        })
        .with_custom_aggregate_function(NamedNode::new_unchecked(MEDIAN_AGGREGATE), || {
            Box::new(Median::default())
        })
}

/// Accumulates numbers for `qe:median`.
#[derive(Default)]
struct Median {
    values: Vec<f64>,
    integers: bool,
    seen: bool,
}

impl oxigraph::sparql::AggregateFunctionAccumulator for Median {
    fn accumulate(&mut self, element: Term) {
        if let Term::Literal(l) = element {
            if let Ok(v) = l.value().parse::<f64>() {
                if !self.seen {
                    self.integers = true;
                    self.seen = true;
                }
                self.integers &= l.datatype() == crate::rdf::vocab::xsd::INTEGER;
                self.values.push(v);
            }
        }
    }

    fn finish(&mut self) -> Option<Term> {
        if self.values.is_empty() {
            return None;
        }
        self.values.sort_by(f64::total_cmp);
        let n = self.values.len();
        let (low, high) = (self.values[(n - 1) / 2], self.values[n / 2]);
        Some(if self.integers {
            // Integers: the mean of two middles is whole or ends in .5; say it exactly.
            #[allow(clippy::cast_possible_truncation)]
            let sum = low as i64 + high as i64;
            if sum % 2 == 0 {
                crate::rdf::integer(sum / 2).into()
            } else {
                let sign = if sum < 0 { "-" } else { "" };
                oxigraph::model::Literal::new_typed_literal(
                    format!("{sign}{}.5", (sum / 2).abs()),
                    crate::rdf::vocab::xsd::DECIMAL,
                )
                .into()
            }
        } else {
            oxigraph::model::Literal::from(f64::midpoint(low, high)).into()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Question, QuestionId, QuestionKind, Source, SourceFormat};
    use crate::rdf::Mapper;

    fn graph(number: u32, rubric: &str) -> QuestionGraph {
        let id = QuestionId {
            legislature: 16,
            kind: QuestionKind::Written,
            number,
        };
        let mut q = Question::new(
            id,
            Source {
                format: SourceFormat::ClassicText,
                path: "t".into(),
                member: None,
                line: 1,
                sha256: None,
            },
        );
        q.rubric = Some(rubric.to_owned());
        Mapper::default().map(&q)
    }

    fn count(store: &QuestionStore, sparql: &str) -> usize {
        match store
            .query(sparql, &QueryOptions::default())
            .expect("query")
        {
            QueryOutput::Solutions { rows, .. } => rows.len(),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn reloading_a_question_replaces_its_graph() {
        let store = QuestionStore::in_memory(IriMinter::default()).expect("store");
        store.load_batch(&[graph(1, "eau")]).expect("load");
        let before = store.len().expect("len");
        store.load_batch(&[graph(1, "eau")]).expect("reload");
        assert_eq!(store.len().expect("len"), before);
        store.load_batch(&[graph(1, "air")]).expect("update");
        assert_eq!(
            count(
                &store,
                "SELECT ?s WHERE { ?q <http://purl.org/dc/terms/subject> ?s }"
            ),
            1
        );
    }

    #[test]
    fn queries_see_the_union_and_bindings_apply() {
        let store = QuestionStore::in_memory(IriMinter::default()).expect("store");
        store
            .load_batch(&[graph(1, "eau"), graph(2, "air")])
            .expect("load");
        assert_eq!(
            count(
                &store,
                "SELECT ?q WHERE { ?q a <https://w3id.org/qe2rdf/ontology#Question> }"
            ),
            2
        );
        let options = QueryOptions {
            bindings: vec![("n".into(), crate::rdf::integer(2).into())],
            ..QueryOptions::default()
        };
        match store
            .query(
                "SELECT ?q WHERE { ?q <https://w3id.org/qe2rdf/ontology#number> ?n }",
                &options,
            )
            .expect("query")
        {
            QueryOutput::Solutions { rows, .. } => assert_eq!(rows.len(), 1),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn syntax_errors_and_limits_are_reported() {
        let store = QuestionStore::in_memory(IriMinter::default()).expect("store");
        store
            .load_batch(&[graph(1, "eau"), graph(2, "air")])
            .expect("load");
        assert!(matches!(
            store.query("SELEC ?x", &QueryOptions::default()),
            Err(StoreError::Syntax(_))
        ));
        let options = QueryOptions {
            max_results: Some(1),
            ..QueryOptions::default()
        };
        assert!(matches!(
            store.query(
                "SELECT ?q WHERE { ?q a <https://w3id.org/qe2rdf/ontology#Question> }",
                &options
            ),
            Err(StoreError::TooManyResults(1))
        ));
    }

    #[test]
    fn excerpt_function_binds_only_where_the_phrase_occurs() {
        let store = QuestionStore::in_memory(IriMinter::default()).expect("store");
        let out = store
            .query(
                "PREFIX qe: <https://w3id.org/qe2rdf/ontology#> SELECT ?e WHERE { VALUES ?t { \"La CNIL a été saisie.\" \"Rien.\" } BIND(qe:excerpt(?t, \"cnil a ete\") AS ?e) } ORDER BY ?e",
                &QueryOptions::default(),
            )
            .expect("query");
        match out {
            QueryOutput::Solutions { rows, .. } => {
                assert_eq!(rows.len(), 2);
                assert_eq!(rows[0][0], None);
                assert_eq!(
                    rows[1][0],
                    Some(
                        oxigraph::model::Literal::new_simple_literal("La CNIL a été saisie.")
                            .into()
                    )
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn extension_functions_fold_and_median() {
        let store = QuestionStore::in_memory(IriMinter::default()).expect("store");
        let out = store
            .query("PREFIX qe: <https://w3id.org/qe2rdf/ontology#> SELECT (qe:median(?v) AS ?m) (SAMPLE(qe:fold(\"ÉtÉ\")) AS ?f) WHERE { VALUES ?v { 5 1 9 3 } }", &QueryOptions::default())
            .expect("query");
        match out {
            QueryOutput::Solutions { rows, .. } => {
                // 1 3 5 9: the mean of the two middle values, as a spreadsheet gives it.
                assert_eq!(rows[0][0], Some(crate::rdf::integer(4).into()));
                assert_eq!(
                    rows[0][1],
                    Some(oxigraph::model::Literal::new_simple_literal("ete").into())
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_two_middles() {
        let store = QuestionStore::in_memory(IriMinter::default()).expect("store");
        let median = |values: &str| {
            let sparql = format!(
                "PREFIX qe: <https://w3id.org/qe2rdf/ontology#> SELECT (qe:median(?v) AS ?m) WHERE {{ VALUES ?v {{ {values} }} }}"
            );
            match store.query(&sparql, &QueryOptions::default()) {
                Ok(QueryOutput::Solutions { rows, .. }) => match &rows[0][0] {
                    Some(Term::Literal(l)) => format!(
                        "{} {}",
                        l.value(),
                        l.datatype().as_str().rsplit('#').next().unwrap_or_default()
                    ),
                    _ => String::new(),
                },
                other => panic!("unexpected {other:?}"),
            }
        };
        assert_eq!(median("7"), "7 integer");
        assert_eq!(median("4 1 9"), "4 integer");
        assert_eq!(median("10 1 2 30"), "6 integer");
        assert_eq!(median("2 1"), "1.5 decimal");
        assert_eq!(median("-3 -2"), "-2.5 decimal");
        assert_eq!(median("1.0e0 2.0e0"), "1.5 double");
        assert_eq!(median("\"x\""), "");
    }

    #[test]
    fn bulk_load_gives_the_same_quads_as_transactions() {
        let a = QuestionStore::in_memory(IriMinter::default()).expect("store");
        let b = QuestionStore::in_memory(IriMinter::default()).expect("store");
        let graphs = [graph(1, "eau"), graph(2, "air")];
        a.load_batch(&graphs).expect("load");
        b.bulk_load(&graphs, 2).expect("bulk");
        assert_eq!(a.all_quads().expect("quads"), b.all_quads().expect("quads"));
    }

    #[test]
    #[cfg(feature = "rocksdb")]
    fn opening_refuses_foreign_directories_and_reports_missing_stores() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("notes.txt"), "mine").expect("write");
        assert!(matches!(
            QuestionStore::open(dir.path(), IriMinter::default()),
            Err(StoreError::NotAStore { .. })
        ));
        let missing = dir.path().join("nope");
        assert!(matches!(
            QuestionStore::open_read_only(&missing, IriMinter::default()),
            Err(StoreError::Missing { .. })
        ));
    }

    #[test]
    #[cfg(feature = "rocksdb")]
    fn a_second_writer_is_refused_clearly() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("store");
        let first = QuestionStore::open(&path, IriMinter::default()).expect("first");
        first.load_batch(&[graph(1, "eau")]).expect("load");
        match QuestionStore::open(&path, IriMinter::default()) {
            Err(StoreError::InUse { .. }) => {}
            Err(other) => panic!("unexpected error {other}"),
            Ok(_) => panic!("second writer accepted"),
        }
        drop(first);
        let reader = QuestionStore::open_read_only(&path, IriMinter::default()).expect("reader");
        assert_eq!(
            count(
                &reader,
                "SELECT ?q WHERE { ?q a <https://w3id.org/qe2rdf/ontology#Question> }"
            ),
            1
        );
    }
}
