//! Keeping the search index in step with the store: every write of question graphs goes to
//! both, the journal in between (see the module documentation of [`super`]); a repair
//! indexes again what a stopped load left pending; a rebuild makes the index anew from the
//! store.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use oxigraph::model::{GraphNameRef, NamedNodeRef, Term, Triple};
use oxigraph::store::Store;
use rustc_hash::FxHashMap;

use super::{FOLDER, IndexState, SearchDocument, SearchError, SearchIndex, SearchWriter};
use crate::rdf::vocab::{foaf, skos};
use crate::rdf::{IriMinter, QuestionGraph};

/// The search index of one store, as the store uses it.
pub struct SearchHandle {
    /// The store's folder (none in memory).
    folder: Option<PathBuf>,
    /// The index, when there is one.
    index: RwLock<Option<Arc<SearchIndex>>>,
    /// Its writer, made when the store first writes.
    writer: Mutex<Option<SearchWriter>>,
    /// Labels of the IRIs met, so that each is read from the store once.
    labels: Mutex<FxHashMap<String, Vec<String>>>,
}

impl std::fmt::Debug for SearchHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchHandle")
            .field("folder", &self.folder)
            .finish()
    }
}

/// What getting the index ready did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    /// It was in step.
    Ready,
    /// It was made (the store had none): this many questions indexed.
    Built(u64),
    /// A stopped load had left these many questions pending: indexed again.
    Repaired(usize),
}

impl SearchHandle {
    /// The index of a store on disk (opened if it is there) or in memory (a new one).
    #[must_use]
    pub fn new(folder: Option<&Path>) -> Self {
        let index = match folder {
            Some(f) => SearchIndex::open(f).ok().flatten(),
            None => SearchIndex::in_memory().ok(),
        };
        Self {
            folder: folder.map(Path::to_owned),
            index: RwLock::new(index.map(Arc::new)),
            writer: Mutex::new(None),
            labels: Mutex::new(FxHashMap::default()),
        }
    }

    /// The index, when there is one.
    #[must_use]
    pub fn index(&self) -> Option<Arc<SearchIndex>> {
        self.index
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// How the index stands.
    #[must_use]
    pub fn state(&self) -> IndexState {
        match (&self.folder, self.index()) {
            (Some(folder), _) => SearchIndex::state(folder),
            (None, Some(index)) => IndexState::Ready {
                questions: index.len(),
            },
            (None, None) => IndexState::Missing,
        }
    }

    /// Sees what other processes committed since it was opened.
    pub fn refresh(&self) {
        let reopened = self
            .folder
            .as_deref()
            .and_then(|f| SearchIndex::open(f).ok().flatten())
            .map(Arc::new);
        if reopened.is_some() {
            *self.index.write().unwrap_or_else(PoisonError::into_inner) = reopened;
        }
    }

    /// Runs `write` with the writer (made on first use).
    fn with_writer<T>(
        &self,
        write: impl FnOnce(&mut SearchWriter, &SearchIndex) -> Result<T, SearchError>,
    ) -> Result<Option<T>, SearchError> {
        let Some(index) = self.index() else {
            return Ok(None);
        };
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        if writer.is_none() {
            *writer = Some(index.writer()?);
        }
        let Some(w) = writer.as_mut() else {
            return Ok(None);
        };
        let out = write(w, &index)?;
        Ok(Some(out))
    }

    /// Notes in the journal that these graphs are about to be written to the store.
    pub fn begin(&self, graphs: &[QuestionGraph], minter: &IriMinter) -> Result<(), SearchError> {
        let uids: Vec<String> = graphs
            .iter()
            .filter_map(|g| uid_of_graph(&g.graph, minter))
            .collect();
        self.with_writer(|w, _| w.begin(&uids))?;
        Ok(())
    }

    /// Indexes graphs the store has just committed, and commits (the journal empties).
    pub fn commit(
        &self,
        graphs: &[QuestionGraph],
        store: &Store,
        minter: &IriMinter,
    ) -> Result<(), SearchError> {
        {
            let mut labels = self.labels.lock().unwrap_or_else(PoisonError::into_inner);
            for g in graphs {
                learn_labels(&mut labels, &g.reference);
            }
        }
        let done = self.with_writer(|w, index| {
            for g in graphs {
                let mut lookup = |iri: &str| self.labels_of(iri, store, minter);
                match SearchDocument::from_triples(&g.triples, &mut lookup) {
                    Some(doc) => w.replace(&doc)?,
                    None => {
                        if let Some(uid) = uid_of_graph(&g.graph, minter) {
                            w.remove(&uid);
                        }
                    }
                }
            }
            w.commit()?;
            w.merge()?;
            index.reload()
        })?;
        let _ = done;
        Ok(())
    }

    /// Indexes again the questions a stopped load left pending, from the store. `None`
    /// when there was nothing to do.
    pub fn repair(&self, store: &Store, minter: &IriMinter) -> Result<Option<usize>, SearchError> {
        let Some(index) = self.index() else {
            return Ok(None);
        };
        let pending = index.left_behind();
        if pending.is_empty() {
            return Ok(None);
        }
        self.with_writer(|w, index| {
            for uid in &pending {
                let Some(id) = crate::model::QuestionId::from_uid(uid) else {
                    continue;
                };
                let graph = minter.question_graph(&id);
                let triples = graph_triples(store, graph.as_ref())?;
                let mut lookup = |iri: &str| self.labels_of(iri, store, minter);
                match SearchDocument::from_triples(&triples, &mut lookup) {
                    Some(doc) => w.replace(&doc)?,
                    None => w.remove(uid),
                }
            }
            w.commit()?;
            w.merge()?;
            index.reload()
        })?;
        Ok(Some(pending.len()))
    }

    /// Makes the index anew from every question graph of the store, beside the old one,
    /// which it then replaces. Returns the number of questions indexed.
    pub fn rebuild(&self, store: &Store, minter: &IriMinter) -> Result<u64, SearchError> {
        // The writer of the old index goes first (it holds the index's lock).
        *self.writer.lock().unwrap_or_else(PoisonError::into_inner) = None;
        let index = match &self.folder {
            Some(folder) => {
                let building = folder.join(format!("{FOLDER}.building"));
                if building.exists() {
                    std::fs::remove_dir_all(&building)?;
                }
                std::fs::create_dir_all(&building)?;
                let fresh = SearchIndex::create(&building)?;
                fill(&fresh, store, minter, self)?;
                drop(fresh);
                let target = folder.join(FOLDER);
                let old = folder.join(format!("{FOLDER}.old"));
                if old.exists() {
                    std::fs::remove_dir_all(&old)?;
                }
                if target.exists() {
                    std::fs::rename(&target, &old)?;
                }
                std::fs::rename(building.join(FOLDER), &target)?;
                std::fs::remove_dir_all(&building)?;
                if old.exists() {
                    std::fs::remove_dir_all(&old)?;
                }
                SearchIndex::open(folder)?.ok_or_else(|| {
                    SearchError::Io(std::io::Error::other("the rebuilt index disappeared"))
                })?
            }
            None => {
                let fresh = SearchIndex::in_memory()?;
                fill(&fresh, store, minter, self)?;
                fresh
            }
        };
        let questions = index.len();
        *self.index.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(index));
        Ok(questions)
    }

    /// Removes the index (from the disk, for a store on disk).
    pub fn drop_index(&self) -> Result<(), SearchError> {
        *self.writer.lock().unwrap_or_else(PoisonError::into_inner) = None;
        *self.index.write().unwrap_or_else(PoisonError::into_inner) = None;
        if let Some(folder) = &self.folder {
            let index = folder.join(FOLDER);
            if index.exists() {
                std::fs::remove_dir_all(index)?;
            }
        }
        Ok(())
    }

    /// Gets the index ready for writing: made from the store when there is none (empty
    /// when the store is), repaired when a stopped load left it pending.
    pub fn make_ready(&self, store: &Store, minter: &IriMinter) -> Result<Readiness, SearchError> {
        if self.index().is_none() {
            let Some(folder) = &self.folder else {
                return Ok(Readiness::Ready);
            };
            if store.is_empty().unwrap_or(false) {
                let index = SearchIndex::create(folder)?;
                *self.index.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(index));
                return Ok(Readiness::Ready);
            }
            return Ok(Readiness::Built(self.rebuild(store, minter)?));
        }
        Ok(match self.repair(store, minter)? {
            Some(n) => Readiness::Repaired(n),
            None => Readiness::Ready,
        })
    }

    /// The labels (and names) of an IRI: those learnt from graphs written, else read from
    /// the store's reference graph.
    fn labels_of(&self, iri: &str, store: &Store, minter: &IriMinter) -> Vec<String> {
        if let Some(known) = self
            .labels
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(iri)
        {
            return known.clone();
        }
        let mut found = Vec::new();
        if let Ok(node) = oxigraph::model::NamedNode::new(iri) {
            let reference = minter.reference_graph();
            for p in [skos::PREF_LABEL, skos::ALT_LABEL, foaf::NAME] {
                for q in store
                    .quads_for_pattern(
                        Some(node.as_ref().into()),
                        Some(p),
                        None,
                        Some(GraphNameRef::NamedNode(reference.as_ref())),
                    )
                    .flatten()
                {
                    if let Term::Literal(l) = q.object {
                        found.push(l.value().to_owned());
                    }
                }
            }
        }
        self.labels
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(iri.to_owned(), found.clone());
        found
    }
}

/// Indexes every question graph of the store into `index`.
fn fill(
    index: &SearchIndex,
    store: &Store,
    minter: &IriMinter,
    handle: &SearchHandle,
) -> Result<(), SearchError> {
    let mut writer = index.writer()?;
    let prefix = format!("{}graph/question/", minter.base());
    for g in store.named_graphs() {
        let g = g.map_err(|e| SearchError::Io(std::io::Error::other(e)))?;
        let oxigraph::model::NamedOrBlankNode::NamedNode(graph) = g else {
            continue;
        };
        if !graph.as_str().starts_with(&prefix) {
            continue;
        }
        let triples = graph_triples(store, graph.as_ref())?;
        let mut lookup = |iri: &str| handle.labels_of(iri, store, minter);
        if let Some(doc) = SearchDocument::from_triples(&triples, &mut lookup) {
            writer.replace(&doc)?;
        }
    }
    writer.commit()?;
    writer.merge()?;
    index.reload()
}

/// The triples of one graph of the store.
fn graph_triples(store: &Store, graph: NamedNodeRef<'_>) -> Result<Vec<Triple>, SearchError> {
    let mut triples = Vec::new();
    for q in store.quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph))) {
        let q = q.map_err(|e| SearchError::Io(std::io::Error::other(e)))?;
        triples.push(Triple::new(q.subject, q.predicate, q.object));
    }
    Ok(triples)
}

/// Keeps the labels the reference triples give.
fn learn_labels(labels: &mut FxHashMap<String, Vec<String>>, reference: &[Triple]) {
    for t in reference {
        if t.predicate == skos::PREF_LABEL
            || t.predicate == skos::ALT_LABEL
            || t.predicate == foaf::NAME
        {
            if let (oxigraph::model::NamedOrBlankNode::NamedNode(s), Term::Literal(l)) =
                (&t.subject, &t.object)
            {
                let known = labels.entry(s.as_str().to_owned()).or_default();
                if !known.iter().any(|k| k == l.value()) {
                    known.push(l.value().to_owned());
                }
            }
        }
    }
}

/// The identifier of the question a graph holds, from the graph's name.
fn uid_of_graph(graph: &oxigraph::model::NamedNode, minter: &IriMinter) -> Option<String> {
    let rest = graph
        .as_str()
        .strip_prefix(&format!("{}graph/question/", minter.base()))?;
    let mut parts = rest.split('/');
    let (leg, kind, num) = (parts.next()?, parts.next()?, parts.next()?);
    Some(format!("QANR5L{leg}{kind}{num}"))
}
