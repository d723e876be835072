//! The conversion pipeline: documents → questions → linked and annotated questions →
//! triples, in parallel, delivered in input order.
//!
//! Small documents are read and parsed in parallel, a chunk at a time; a large document
//! (a JSON dump) is streamed and its questions are mapped in parallel in batches. Either
//! way the caller receives events in the order of the inputs, so the output does not
//! depend on the number of threads.

use std::io;

use rayon::prelude::*;

use crate::input::{self, DocumentEvent, DocumentRef};
use crate::link::Linker;
use crate::mentions::MentionFinder;
use crate::model::Question;
use crate::parse::{ParseError, QuestionParser, Warning};
use crate::rdf::{Mapper, QuestionGraph};

/// Documents smaller than this are read whole and in parallel with others.
const SMALL_DOCUMENT: u64 = 8 << 20;
/// Documents per parallel chunk.
const DOCUMENT_CHUNK: usize = 256;
/// Questions per parallel batch when streaming a large document.
const QUESTION_BATCH: usize = 1024;

/// A question with its triples.
#[derive(Debug, Clone)]
pub struct Processed {
    /// The question, linked and annotated.
    pub question: Question,
    /// Its triples.
    pub graph: QuestionGraph,
}

/// What the pipeline hands to the caller, in input order.
#[derive(Debug)]
pub enum PipelineEvent {
    /// A question and its triples.
    Processed(Box<Processed>),
    /// A question (or document) that could not be read.
    Error(ParseError),
    /// A notice.
    Warning(Warning),
}

/// Options of the pipeline.
pub struct Pipeline {
    parser: QuestionParser,
    mapper: Mapper,
    linker: Linker,
    mentions: Option<MentionFinder>,
    pool: rayon::ThreadPool,
}

impl Pipeline {
    /// A pipeline with `threads` worker threads (0: one per core).
    pub fn new(
        mapper: Mapper,
        linker: Linker,
        mentions: Option<MentionFinder>,
        threads: usize,
    ) -> io::Result<Self> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(io::Error::other)?;
        Ok(Self {
            parser: QuestionParser::new(),
            mapper,
            linker,
            mentions,
            pool,
        })
    }

    /// The mapper.
    #[must_use]
    pub fn mapper(&self) -> &Mapper {
        &self.mapper
    }

    /// Links, annotates and maps one question.
    #[must_use]
    pub fn process(&self, mut question: Question) -> Processed {
        let mut ignored = Vec::new();
        let _ = self.linker.link(&mut question, &mut ignored);
        if let Some(finder) = &self.mentions {
            finder.annotate(&mut question);
        }
        let graph = self.mapper.map(&question);
        Processed { question, graph }
    }

    fn process_with_warnings(&self, mut question: Question) -> (Processed, Vec<Warning>) {
        let mut warnings = Vec::new();
        let _ = self.linker.link(&mut question, &mut warnings);
        if let Some(finder) = &self.mentions {
            finder.annotate(&mut question);
        }
        let graph = self.mapper.map(&question);
        (Processed { question, graph }, warnings)
    }

    /// Runs the pipeline over documents; `sink` receives every event in input order and may
    /// stop the run by returning an error.
    pub fn run(
        &self,
        docs: &[DocumentRef],
        sink: &mut dyn FnMut(PipelineEvent) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut i = 0;
        while i < docs.len() {
            if is_small(&docs[i]) {
                let mut j = i;
                while j < docs.len() && j - i < DOCUMENT_CHUNK && is_small(&docs[j]) {
                    j += 1;
                }
                let chunk = &docs[i..j];
                let results: Vec<Vec<PipelineEvent>> = self.pool.install(|| {
                    chunk
                        .par_iter()
                        .map(|doc| {
                            let mut events = Vec::new();
                            input::read_document(doc, &self.parser, &mut |e| events.push(e));
                            events
                                .into_iter()
                                .flat_map(|e| self.convert_event(e))
                                .collect()
                        })
                        .collect()
                });
                for events in results {
                    for e in events {
                        sink(e)?;
                    }
                }
                i = j;
            } else {
                self.run_streamed(&docs[i], sink)?;
                i += 1;
            }
        }
        Ok(())
    }

    fn convert_event(&self, event: DocumentEvent) -> Vec<PipelineEvent> {
        match event {
            DocumentEvent::Question(q) => {
                let (processed, warnings) = self.process_with_warnings(*q);
                let mut out: Vec<PipelineEvent> =
                    warnings.into_iter().map(PipelineEvent::Warning).collect();
                out.push(PipelineEvent::Processed(Box::new(processed)));
                out
            }
            DocumentEvent::Error(e) => vec![PipelineEvent::Error(e)],
            DocumentEvent::Warning(w) => vec![PipelineEvent::Warning(w)],
        }
    }

    fn run_streamed(
        &self,
        doc: &DocumentRef,
        sink: &mut dyn FnMut(PipelineEvent) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut batch: Vec<DocumentEvent> = Vec::with_capacity(QUESTION_BATCH);
        let mut failure: Option<io::Error> = None;
        let mut flush = |batch: &mut Vec<DocumentEvent>, failure: &mut Option<io::Error>| {
            if failure.is_some() {
                batch.clear();
                return;
            }
            let events: Vec<DocumentEvent> = std::mem::take(batch);
            let converted: Vec<Vec<PipelineEvent>> = self.pool.install(|| {
                events
                    .into_par_iter()
                    .map(|e| self.convert_event(e))
                    .collect()
            });
            for e in converted.into_iter().flatten() {
                if let Err(err) = sink(e) {
                    *failure = Some(err);
                    return;
                }
            }
        };
        input::read_document(doc, &self.parser, &mut |e| {
            batch.push(e);
            if batch.len() >= QUESTION_BATCH {
                flush(&mut batch, &mut failure);
            }
        });
        flush(&mut batch, &mut failure);
        failure.map_or(Ok(()), Err)
    }
}

fn is_small(doc: &DocumentRef) -> bool {
    match doc {
        DocumentRef::File(p) => std::fs::metadata(p)
            .map(|m| m.len() < SMALL_DOCUMENT)
            .unwrap_or(true),
        DocumentRef::ZipMember { size, .. } => *size < SMALL_DOCUMENT,
        DocumentRef::Stdin => false,
    }
}
