//! `qe2rdf sync`: keeping a store current with the Assembly's archives.
//!
//! For each source (an archive of one document per question, a whole dump, their XML
//! twins, or the AMO reference data), a sync:
//!
//! 1. gets it with a conditional request (or, for a local file, when its size or time
//!    changed): a source that did not change is neither downloaded nor read;
//! 2. checks that what it got is whole ([`fetch::verify`]): a download cut short, a server
//!    error, a timeout or a redirection loop changes nothing;
//! 3. reads only the members whose bytes changed since the last sync, and compares each
//!    question read with the store's by a digest of its content (so a document re-written
//!    with other spaces or keys in another order is no change);
//! 4. writes the new and changed questions, each graph replaced whole, in transactions that
//!    also add one activity per question to the change log ([`changes`]); questions that
//!    left the archive are kept (the Assembly does not delete) and counted;
//! 5. records what it saw, for the next sync ([`state`]).
//!
//! The AMO reference data is not loaded as questions: it links the questions of the same
//! sync (as `--actors` does), from the last copy that was checked whole.

pub mod changes;
pub mod fetch;
pub mod sources;
pub mod state;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use oxigraph::model::{Literal, Triple};
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};

use crate::link::Linker;
use crate::mentions::MentionFinder;
use crate::model::{Question, QuestionId, ReferenceSnapshot};
use crate::parse::input::{self, DocumentRef};
use crate::parse::{ParseError, Warning};
use crate::pipeline::{Pipeline, PipelineEvent};
use crate::rdf::vocab::{dcterms, prov, qe, xsd};
use crate::rdf::{IriMinter, Mapper, QuestionGraph};
use crate::store::{QuestionStore, StoreError};
use fetch::Fetched;
use sources::Source;
use state::{Seen, SyncState};

/// Questions written per transaction.
const BATCH: usize = 1000;
/// Questions per chunk of the bulk loader (a first sync, into an empty store).
const BULK_BATCH: usize = 20_000;
/// Syncs that write at least this many quads end with a compaction of the store.
const COMPACT_ABOVE: usize = 100_000;

/// Errors of a sync.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError {
    /// A source could not be got or read (the others go on).
    #[error("{source_name}: {message}")]
    Source {
        /// The source.
        source_name: String,
        /// What went wrong.
        message: String,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The sync's state could not be read or written.
    #[error("sync state: {0}")]
    State(#[from] std::io::Error),
}

/// What a sync reports as it goes.
pub trait Observer {
    /// A download of `source` goes on: bytes so far, and the total when known.
    fn downloading(&mut self, source: &str, bytes: u64, total: Option<u64>);
    /// Reading `documents` documents of a source starts.
    fn reading(&mut self, source: &str, documents: u64);
    /// One more document read.
    fn read_one(&mut self);
    /// Something to say.
    fn note(&mut self, message: &str);
    /// A question (or document) that could not be read.
    fn error(&mut self, error: &ParseError);
    /// A warning.
    fn warning(&mut self, warning: &Warning);
}

/// Options of a sync.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Each download's time limit.
    pub timeout: Duration,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Look for cited bodies in the texts.
    pub mentions: bool,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Questions added.
    pub new: usize,
    /// Questions changed (their graphs replaced).
    pub changed: usize,
    /// Questions read and found unchanged (or in members whose bytes did not change).
    pub unchanged: usize,
    /// Questions that were in a source and are not any more (kept in the store).
    pub gone: usize,
    /// Sources that had not changed since the last sync.
    pub not_modified: usize,
    /// Questions (or documents) that could not be read.
    pub rejected: usize,
    /// Sources that could not be got or read, with why.
    pub failed: Vec<String>,
}

impl std::fmt::Display for SyncReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "sync: {} new, {} changed, {} unchanged, {} not in the archive any more, {} source{} not modified",
            self.new,
            self.changed,
            self.unchanged,
            self.gone,
            self.not_modified,
            if self.not_modified == 1 { "" } else { "s" }
        )
    }
}

/// The time of a sync: as written in the data (`2026-12-04T11:50:00Z`) and in IRIs
/// (`20261204T115000Z`).
#[derive(Debug, Clone)]
pub struct SyncTime {
    /// ISO 8601, UTC, to the second.
    pub iso: String,
    /// The same without separators.
    pub stamp: String,
}

impl SyncTime {
    /// Now.
    #[must_use]
    pub fn now() -> Self {
        let now = chrono::Utc::now();
        Self {
            iso: now.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            stamp: now.format("%Y%m%dT%H%M%SZ").to_string(),
        }
    }
}

/// The digest of a question's content as read and linked, its provenance aside.
#[must_use]
pub fn content_digest(question: &Question) -> String {
    let mut q = question.clone();
    q.source.path.clear();
    q.source.member = None;
    q.source.line = 0;
    q.source.sha256 = None;
    let bytes = serde_json::to_vec(&q).unwrap_or_default();
    let digest = Sha256::digest(&bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Syncs the store with its recorded sources (see the module documentation).
/// `only`: the sources to sync (all recorded ones when `None`).
pub fn sync(
    store: &QuestionStore,
    store_path: &Path,
    options: &SyncOptions,
    time: &SyncTime,
    only: Option<&[String]>,
    observer: &mut dyn Observer,
) -> Result<SyncReport, SyncError> {
    let mut state = SyncState::read(store_path)?;
    let folder = SyncState::folder(store_path);
    let work = folder.join("downloads");
    // A download a stopped sync left behind is of no use.
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    let mut report = SyncReport::default();
    let sources: Vec<Source> = state
        .sources
        .iter()
        // Reference data links whatever is synced: it goes along.
        .filter(|s| {
            only.is_none_or(|only| only.contains(&s.source))
                || Source::parse(&s.source).is_reference_data()
        })
        .map(|s| Source::parse(&s.source))
        .collect();
    // Reference data first: it links the questions of this sync.
    let mut reference: Option<(PathBuf, String)> = None;
    for source in sources.iter().filter(|s| s.is_reference_data()) {
        match sync_reference(&mut state, source, &folder, &work, options, observer) {
            Ok((kept, modified)) => {
                if !modified {
                    report.not_modified += 1;
                }
                reference = kept.map(|path| (path, source.file_name()));
            }
            Err(e) => report.failed.push(e.to_string()),
        }
        state.write(store_path)?;
    }
    let linker =
        match &reference {
            Some((path, name)) => {
                let mut warnings = Vec::new();
                let (tables, counts) = crate::link::actors::load_actors(path, &mut warnings)
                    .map_err(|message| SyncError::Source {
                        source_name: name.clone(),
                        message,
                    })?;
                let snapshot = counts.newest.map(|date| ReferenceSnapshot {
                    source: "amo".into(),
                    date,
                    origin: name.clone(),
                });
                Linker::with_actors(tables, snapshot)
            }
            None => Linker::new(),
        };
    let pipeline = Pipeline::new(
        Mapper::new(store.minter().clone()),
        linker,
        options.mentions.then(MentionFinder::new),
        options.threads,
    )
    .map_err(SyncError::State)?;
    let mut digests: Option<FxHashMap<String, String>> = None;
    // Into an empty store, the bulk loader writes faster, and no question has an old graph.
    let mut writing = Writing {
        bulk: store.is_empty()?,
        threads: if options.threads == 0 {
            std::thread::available_parallelism().map_or(2, std::num::NonZero::get)
        } else {
            options.threads
        },
        written: crate::export::WrittenReference::default(),
        quads: 0,
    };
    for source in sources.iter().filter(|s| !s.is_reference_data()) {
        let outcome = sync_questions(
            store,
            &mut state,
            source,
            &work,
            options,
            time,
            &pipeline,
            &mut digests,
            &mut writing,
            &mut report,
            observer,
        );
        if let Err(e) = outcome {
            if matches!(e, SyncError::Store(_)) {
                return Err(e);
            }
            report.failed.push(e.to_string());
        }
        state.write(store_path)?;
    }
    if work.exists() {
        let _ = std::fs::remove_dir_all(&work);
    }
    // Compacting puts each index in few sorted files: the next opening and queries are
    // then much faster.
    if writing.quads >= COMPACT_ABOVE {
        observer.note("compacting the store");
        store.optimize()?;
    }
    Ok(report)
}

/// How a sync writes, across its sources.
struct Writing {
    /// With the bulk loader (the store was empty).
    bulk: bool,
    /// Its threads.
    threads: usize,
    /// The shared descriptions written already (each is written once).
    written: crate::export::WrittenReference,
    /// Quads written.
    quads: usize,
}

/// Gets a reference source; keeps a copy of its last whole version. Returns that copy (if
/// any) and whether the source was modified.
fn sync_reference(
    state: &mut SyncState,
    source: &Source,
    folder: &Path,
    work: &Path,
    options: &SyncOptions,
    observer: &mut dyn Observer,
) -> Result<(Option<PathBuf>, bool), SyncError> {
    let name = source.to_string();
    let kept = folder.join("reference").join(source.file_name());
    let previous = state.sources.iter().find(|s| s.source == name).cloned();
    let fetched = fetch::fetch(
        source,
        previous.as_ref().filter(|_| kept.exists()),
        work,
        options.timeout,
        &mut |bytes, total| {
            observer.downloading(&name, bytes, total);
        },
    )?;
    let got = match fetched {
        Fetched::NotModified => return Ok((kept.exists().then_some(kept), false)),
        Fetched::File(got) => got,
    };
    std::fs::create_dir_all(kept.parent().unwrap_or(folder))?;
    std::fs::copy(&got.path, &kept)?;
    let entry = state.source_mut(&name);
    entry.etag.clone_from(&got.etag);
    entry.last_modified.clone_from(&got.last_modified);
    entry.file_stamp = got.file_stamp;
    entry.sha256.clone_from(&got.sha256);
    observer.note(&format!(
        "{name}: reference data updated ({} documents)",
        got.members.len()
    ));
    Ok((Some(kept), true))
}

/// Syncs one source of questions.
#[allow(clippy::too_many_arguments)]
fn sync_questions(
    store: &QuestionStore,
    state: &mut SyncState,
    source: &Source,
    work: &Path,
    options: &SyncOptions,
    time: &SyncTime,
    pipeline: &Pipeline,
    digests: &mut Option<FxHashMap<String, String>>,
    writing: &mut Writing,
    report: &mut SyncReport,
    observer: &mut dyn Observer,
) -> Result<(), SyncError> {
    let name = source.to_string();
    let previous = state
        .sources
        .iter()
        .find(|s| s.source == name)
        .cloned()
        .unwrap_or_default();
    let fetched = fetch::fetch(
        source,
        Some(&previous).filter(|p| !p.members.is_empty()),
        work,
        options.timeout,
        &mut |bytes, total| {
            observer.downloading(&name, bytes, total);
        },
    )?;
    let got = match fetched {
        Fetched::NotModified => {
            report.not_modified += 1;
            report.unchanged += previous
                .members
                .values()
                .map(|m| m.questions.len())
                .sum::<usize>();
            return Ok(());
        }
        Fetched::File(got) => got,
    };
    // The members whose bytes changed (all of a document that is not an archive).
    let changed: BTreeSet<&str> = got
        .members
        .iter()
        .filter(|(member, sha)| {
            previous
                .members
                .get(*member)
                .is_none_or(|seen| &seen.sha256 != *sha)
        })
        .map(|(member, _)| member.as_str())
        .collect();
    let mut seen: BTreeMap<String, Seen> = BTreeMap::new();
    for (member, sha) in &got.members {
        if !changed.contains(member.as_str()) {
            let questions = previous
                .members
                .get(member)
                .map(|s| s.questions.clone())
                .unwrap_or_default();
            report.unchanged += questions.len();
            seen.insert(
                member.clone(),
                Seen {
                    sha256: sha.clone(),
                    questions,
                },
            );
        }
    }
    if !changed.is_empty() {
        let mut warnings = Vec::new();
        let (docs, errors) = input::discover_as(&got.path, &source.file_name(), &mut warnings);
        for w in &warnings {
            observer.warning(w);
        }
        if let Some(e) = errors.first() {
            return Err(SyncError::Source {
                source_name: name,
                message: e.message.clone(),
            });
        }
        let docs: Vec<DocumentRef> = docs
            .into_iter()
            .filter(|d| changed.contains(member_of(d)))
            .collect();
        if digests.is_none() {
            *digests = Some(store.content_digests()?);
        }
        let known = digests.get_or_insert_with(FxHashMap::default);
        observer.reading(&name, docs.len() as u64);
        let mut writer = SyncWriter {
            store,
            minter: store.minter().clone(),
            time,
            pending: Vec::new(),
            changes: Vec::new(),
            writing,
        };
        let mut failure: Option<SyncError> = None;
        let mut last_member = String::new();
        pipeline
            .run(&docs, &mut |event| {
                match event {
                    PipelineEvent::Processed(p) => {
                        let member = p.question.source.member.clone().unwrap_or_default();
                        if member != last_member {
                            observer.read_one();
                            last_member.clone_from(&member);
                        }
                        let uid = p.question.id.uid();
                        seen.entry(member.clone())
                            .or_insert_with(|| Seen {
                                sha256: got.members.get(&member).cloned().unwrap_or_default(),
                                questions: Vec::new(),
                            })
                            .questions
                            .push(uid.clone());
                        let digest = content_digest(&p.question);
                        match known.get(&uid) {
                            Some(old) if *old == digest => report.unchanged += 1,
                            old => {
                                let repeated = old.is_some();
                                if repeated
                                    || (!writer.bulk()
                                        && store.has_graph(p.graph.graph.as_ref()).unwrap_or(false))
                                {
                                    report.changed += 1;
                                } else {
                                    report.new += 1;
                                }
                                known.insert(uid, digest.clone());
                                if let Err(e) =
                                    writer.push(p.question.id, p.graph, &digest, repeated)
                                {
                                    failure = Some(e);
                                    return Err(std::io::Error::other("store write failed"));
                                }
                            }
                        }
                    }
                    PipelineEvent::Error(e) => {
                        report.rejected += 1;
                        observer.error(&e);
                    }
                    PipelineEvent::Warning(w) => observer.warning(&w),
                }
                Ok(())
            })
            .map_err(|e| failure.take().unwrap_or(SyncError::State(e)))?;
        writer.flush()?;
        // Members read, whose questions all failed, are still seen.
        for member in &changed {
            seen.entry((*member).to_owned()).or_insert_with(|| Seen {
                sha256: got.members.get(*member).cloned().unwrap_or_default(),
                questions: Vec::new(),
            });
        }
    }
    let now: BTreeSet<&String> = seen.values().flat_map(|s| &s.questions).collect();
    report.gone += previous
        .members
        .values()
        .flat_map(|s| &s.questions)
        .filter(|q| !now.contains(q))
        .collect::<BTreeSet<_>>()
        .len();
    let entry = state.source_mut(&name);
    entry.etag.clone_from(&got.etag);
    entry.last_modified.clone_from(&got.last_modified);
    entry.file_stamp = got.file_stamp;
    entry.sha256.clone_from(&got.sha256);
    entry.members = seen;
    entry.synced = Some(time.iso.clone());
    Ok(())
}

/// The member name of a document of an archive (`""` for a document that is not one).
fn member_of(doc: &DocumentRef) -> &str {
    match doc {
        DocumentRef::ZipMember { name, .. } | DocumentRef::Salvaged { name, .. } => name,
        _ => "",
    }
}

/// Writes new and changed questions with their change log, batch by batch.
struct SyncWriter<'s> {
    store: &'s QuestionStore,
    minter: IriMinter,
    time: &'s SyncTime,
    pending: Vec<QuestionGraph>,
    changes: Vec<Triple>,
    writing: &'s mut Writing,
}

impl SyncWriter<'_> {
    /// Whether questions go to the bulk loader (then none of them has an old graph, but
    /// one written earlier in the same sync).
    fn bulk(&self) -> bool {
        self.writing.bulk
    }

    /// Adds a question's new graph (with when it changed and its digest) and the change
    /// log's activity for it. `repeated`: the question was written earlier in this sync.
    fn push(
        &mut self,
        id: QuestionId,
        mut graph: QuestionGraph,
        digest: &str,
        repeated: bool,
    ) -> Result<(), SyncError> {
        let question = self.minter.question(&id);
        // In bulk mode, a question met twice replaces what the first sight wrote: that
        // must be in the store first.
        let replace_now = self.writing.bulk && repeated;
        if replace_now {
            self.flush()?;
        }
        let old =
            if (!self.writing.bulk || replace_now) && self.store.has_graph(graph.graph.as_ref())? {
                Some(self.store.graph_triples(graph.graph.as_ref())?)
            } else {
                None
            };
        let kinds = changes::kinds(&question, old.as_deref(), &graph.triples);
        let at = Literal::new_typed_literal(self.time.iso.as_str(), xsd::DATE_TIME);
        graph
            .triples
            .push(Triple::new(question.clone(), dcterms::MODIFIED, at.clone()));
        graph.triples.push(Triple::new(
            question,
            qe::CONTENT_DIGEST,
            Literal::new_simple_literal(digest),
        ));
        graph.triples.push(Triple::new(
            graph.graph.clone(),
            prov::GENERATED_AT_TIME,
            at,
        ));
        self.writing.written.keep_unwritten(&mut graph.reference);
        let activity =
            changes::activity_triples(&self.minter, &id, &self.time.stamp, &self.time.iso, &kinds);
        if replace_now {
            let counts = self.store.load_batch_appending(
                std::slice::from_ref(&graph),
                &self.minter.changes_graph(),
                &activity,
            )?;
            self.writing.quads += counts.quads + activity.len();
            return Ok(());
        }
        self.changes.extend(activity);
        self.pending.push(graph);
        let batch = if self.writing.bulk { BULK_BATCH } else { BATCH };
        if self.pending.len() >= batch {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes what is pending: in one transaction, or one chunk of the bulk loader.
    fn flush(&mut self) -> Result<(), SyncError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let graphs = std::mem::take(&mut self.pending);
        let changes = std::mem::take(&mut self.changes);
        let log = self.minter.changes_graph();
        let counts = if self.writing.bulk {
            self.store
                .bulk_load_appending(&graphs, self.writing.threads, Some((&log, &changes)))?
        } else {
            self.store.load_batch_appending(&graphs, &log, &changes)?
        };
        self.writing.quads += counts.quads + changes.len();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_ignores_where_a_question_was_read() {
        let mut generator = crate::corpus::CorpusGenerator::new(2);
        let text = {
            let mut t = String::new();
            crate::corpus::write_text(&generator.next_question(), &mut t);
            t
        };
        let read = |file: &str| {
            let ctx = crate::parse::DocumentContext {
                file: file.into(),
                ..Default::default()
            };
            crate::parse::QuestionParser::new()
                .parse_bytes(text.as_bytes(), &ctx)
                .records
                .remove(0)
                .expect("question")
        };
        let (a, b) = (read("a.txt"), read("elsewhere/b.txt"));
        assert_ne!(a.source, b.source);
        assert_eq!(content_digest(&a), content_digest(&b));
        let mut c = a.clone();
        c.rubric = Some("autre rubrique".into());
        assert_ne!(content_digest(&a), content_digest(&c));
    }
}
