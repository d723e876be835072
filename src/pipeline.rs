//! The conversion pipeline: documents → questions → linked and annotated questions →
//! triples (and, for the line and block formats, their serialisation), in parallel,
//! delivered in input order.
//!
//! The calling thread reads: small documents are handed whole to the workers; a large
//! one is streamed (a JSON dump question by question, each cut out but read by a worker; a
//! page-text file in parts of whole records) and handed out in batches. Workers parse,
//! link, annotate, map and serialise; their results come back to the calling thread,
//! which puts them back in input order and gives them to the caller as soon as the next
//! one is ready. At most a few batches per worker are in flight, so memory stays flat
//! whatever the size of the input, and the output does not depend on the number of
//! threads. With one thread, the calling thread does everything itself.

use std::collections::BTreeMap;
use std::io;
use std::sync::mpsc;

use crate::export::{ExportFormat, Rendered, WrittenReference};
use crate::link::Linker;
use crate::mentions::MentionFinder;
use crate::model::Question;
use crate::parse::input::{self, DocumentEvent, DocumentRef};
use crate::parse::{ParseError, QuestionParser, Warning};
use crate::rdf::{Mapper, QuestionGraph};

/// Documents smaller than this are read whole by a worker.
const SMALL_DOCUMENT: u64 = 8 << 20;
/// Small documents per unit of work.
const DOCUMENT_BATCH: usize = 16;
/// Questions per unit of work when streaming a large document.
const QUESTION_BATCH: usize = 64;
/// Units of work in flight per worker thread.
const IN_FLIGHT_PER_THREAD: usize = 4;

/// A question with its triples.
#[derive(Debug, Clone)]
pub struct Processed {
    /// The question, linked and annotated.
    pub question: Question,
    /// Its triples.
    pub graph: QuestionGraph,
    /// Its own triples already written in the output format, when the pipeline was asked
    /// to ([`Pipeline::render_as`]). Then `graph.triples` is empty and `question` holds
    /// only the identity and source: the rest was dropped on the worker, where it was made.
    pub rendered: Option<Rendered>,
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
    render: Option<ExportFormat>,
    written_reference: Option<WrittenReference>,
    pool: rayon::ThreadPool,
}

/// A unit of work, done by a worker.
enum Work<'d> {
    /// Small documents, read whole.
    Documents(&'d [DocumentRef]),
    /// Events of a streamed document: questions to process, parts of text to parse.
    Events(Vec<DocumentEvent>),
}

/// Puts the results of the workers back in order and hands them to the caller.
struct Reorder<'s> {
    sink: &'s mut dyn FnMut(PipelineEvent) -> io::Result<()>,
    receiver: mpsc::Receiver<(usize, Vec<PipelineEvent>)>,
    waiting: BTreeMap<usize, Vec<PipelineEvent>>,
    submitted: usize,
    delivered: usize,
    failure: Option<io::Error>,
}

impl Reorder<'_> {
    /// Waits for one result, then delivers what is ready.
    fn receive(&mut self) {
        let Ok((seq, events)) = self.receiver.recv() else {
            // Every sender is gone: a worker panicked. Nothing more will come.
            self.failure
                .get_or_insert_with(|| io::Error::other("a worker thread stopped"));
            self.delivered = self.submitted;
            return;
        };
        self.waiting.insert(seq, events);
        while let Some(events) = self.waiting.remove(&self.delivered) {
            self.delivered += 1;
            for e in events {
                if self.failure.is_none() {
                    if let Err(err) = (self.sink)(e) {
                        self.failure = Some(err);
                    }
                }
            }
        }
    }
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
            .thread_name(|i| format!("qe2rdf worker {i}"))
            .build()
            .map_err(io::Error::other)?;
        let mapper = mapper.with_reference(linker.reference());
        Ok(Self {
            parser: QuestionParser::new(),
            mapper,
            linker,
            mentions,
            render: None,
            written_reference: None,
            pool,
        })
    }

    /// Also serialise each question's own triples in `format` on the workers (see
    /// [`Rendered`]) and hand out only what a writer needs; the formats that cannot be
    /// written in fragments are left alone.
    #[must_use]
    pub fn render_as(mut self, format: ExportFormat) -> Self {
        self.render = crate::export::is_renderable(format).then_some(format);
        self
    }

    /// Leaves out of each question's reference triples those `written` holds already: the
    /// writer sharing that set has written them, before this question.
    #[must_use]
    pub fn skip_written_reference(mut self, written: WrittenReference) -> Self {
        self.written_reference = Some(written);
        self
    }

    /// The mapper.
    #[must_use]
    pub fn mapper(&self) -> &Mapper {
        &self.mapper
    }

    /// Links, annotates and maps one question.
    #[must_use]
    pub fn process(&self, question: Question) -> Processed {
        self.process_with_warnings(question).0
    }

    fn process_with_warnings(&self, mut question: Question) -> (Processed, Vec<Warning>) {
        let mut warnings = Vec::new();
        let _ = self.linker.link(&mut question, &mut warnings);
        if let Some(finder) = &self.mentions {
            finder.annotate(&mut question);
        }
        let mut graph = self.mapper.map(&question);
        if let Some(written) = &self.written_reference {
            written.drop_written(&mut graph.reference);
        }
        // Writing into memory does not fail; if it did, the caller would write the graph.
        let rendered = self
            .render
            .and_then(|format| Rendered::new(format, &graph).unwrap_or_default());
        if rendered.is_some() {
            // Freed here rather than on the calling thread, which would do it alone.
            graph.triples = Vec::new();
            question = Question::new(question.id, question.source.clone());
        }
        (
            Processed {
                question,
                graph,
                rendered,
            },
            warnings,
        )
    }

    fn convert_into(&self, event: DocumentEvent, out: &mut Vec<PipelineEvent>) {
        match event {
            DocumentEvent::Question(q) => {
                let (processed, warnings) = self.process_with_warnings(*q);
                out.extend(warnings.into_iter().map(PipelineEvent::Warning));
                out.push(PipelineEvent::Processed(Box::new(processed)));
            }
            DocumentEvent::Part(part) => {
                for e in input::parse_part(&part) {
                    self.convert_into(e, out);
                }
            }
            DocumentEvent::JsonQuestion(question) => {
                for e in question.read() {
                    self.convert_into(input::json_event(e), out);
                }
            }
            DocumentEvent::Error(e) => out.push(PipelineEvent::Error(e)),
            DocumentEvent::Warning(w) => out.push(PipelineEvent::Warning(w)),
        }
    }

    fn work(&self, work: Work<'_>) -> Vec<PipelineEvent> {
        let mut out = Vec::new();
        match work {
            Work::Documents(docs) => {
                for doc in docs {
                    input::read_document(doc, &self.parser, &mut |e| {
                        self.convert_into(e, &mut out)
                    });
                }
            }
            Work::Events(events) => {
                for e in events {
                    self.convert_into(e, &mut out);
                }
            }
        }
        out
    }

    /// Runs the pipeline over documents; `sink` receives every event in input order and may
    /// stop the run by returning an error.
    pub fn run<'d>(
        &self,
        docs: &'d [DocumentRef],
        sink: &mut dyn FnMut(PipelineEvent) -> io::Result<()>,
    ) -> io::Result<()> {
        if self.pool.current_num_threads() <= 1 {
            return self.run_on_this_thread(docs, sink);
        }
        let (sender, receiver) = mpsc::channel();
        let mut reorder = Reorder {
            sink,
            receiver,
            waiting: BTreeMap::new(),
            submitted: 0,
            delivered: 0,
            failure: None,
        };
        let window = self.pool.current_num_threads().max(1) * IN_FLIGHT_PER_THREAD;
        self.pool.in_place_scope(|scope| {
            let submit = |work: Work<'d>, reorder: &mut Reorder<'_>| {
                while reorder.submitted - reorder.delivered >= window {
                    reorder.receive();
                }
                if reorder.failure.is_some() {
                    return;
                }
                let seq = reorder.submitted;
                reorder.submitted += 1;
                let sender = sender.clone();
                scope.spawn(move |_| {
                    let events = self.work(work);
                    // The receiver is gone only when the run stopped; the result is moot.
                    let _ = sender.send((seq, events));
                });
            };
            let mut i = 0;
            while i < docs.len() && reorder.failure.is_none() {
                if is_small(&docs[i]) {
                    let mut j = i;
                    while j < docs.len() && j - i < DOCUMENT_BATCH && is_small(&docs[j]) {
                        j += 1;
                    }
                    submit(Work::Documents(&docs[i..j]), &mut reorder);
                    i = j;
                } else {
                    let mut batch: Vec<DocumentEvent> = Vec::new();
                    let mut questions = 0;
                    input::read_document(&docs[i], &self.parser, &mut |e| {
                        // A part of text holds many questions: it is a batch of its own.
                        let weight = match &e {
                            DocumentEvent::Part(_) => QUESTION_BATCH,
                            DocumentEvent::Question(_) | DocumentEvent::JsonQuestion(_) => 1,
                            _ => 0,
                        };
                        batch.push(e);
                        questions += weight;
                        if questions >= QUESTION_BATCH {
                            submit(Work::Events(std::mem::take(&mut batch)), &mut reorder);
                            questions = 0;
                        }
                    });
                    if !batch.is_empty() {
                        submit(Work::Events(batch), &mut reorder);
                    }
                    i += 1;
                }
            }
            // With the last sender gone, a worker that died cannot leave us waiting.
            drop(sender);
            while reorder.delivered < reorder.submitted {
                reorder.receive();
            }
        });
        reorder.failure.map_or(Ok(()), Err)
    }

    /// With one thread, the calling thread reads and does the work itself, in input order:
    /// one core is used, not one for reading beside one worker.
    fn run_on_this_thread(
        &self,
        docs: &[DocumentRef],
        sink: &mut dyn FnMut(PipelineEvent) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut failure = None;
        let mut events = Vec::new();
        for doc in docs {
            input::read_document(doc, &self.parser, &mut |event| {
                if failure.is_some() {
                    return;
                }
                self.convert_into(event, &mut events);
                for event in events.drain(..) {
                    if let Err(err) = sink(event) {
                        failure = Some(err);
                        break;
                    }
                }
            });
            if failure.is_some() {
                break;
            }
        }
        failure.map_or(Ok(()), Err)
    }
}

fn is_small(doc: &DocumentRef) -> bool {
    match doc {
        DocumentRef::File { path, .. } => std::fs::metadata(path)
            .map(|m| m.len() < SMALL_DOCUMENT)
            .unwrap_or(true),
        DocumentRef::ZipMember { size, .. } => *size < SMALL_DOCUMENT,
        DocumentRef::Salvaged { .. } | DocumentRef::Broken { .. } => true,
        DocumentRef::Stdin => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{CorpusGenerator, write_text};
    use crate::export::GraphWriter;
    use crate::rdf::IriMinter;

    /// Converts `docs` as `convert` does, the workers skipping the reference triples
    /// written already or not: the output, and the reference triples handed to the writer.
    fn convert(
        docs: &[DocumentRef],
        format: ExportFormat,
        skip: bool,
        threads: usize,
    ) -> (Vec<u8>, usize) {
        let mut writer = GraphWriter::new(format, Vec::new(), &IriMinter::default()).unwrap();
        let mut pipeline = Pipeline::new(
            Mapper::default(),
            Linker::new(),
            Some(MentionFinder::new()),
            threads,
        )
        .unwrap()
        .render_as(format);
        if skip {
            pipeline = pipeline.skip_written_reference(writer.written_reference());
        }
        let mut handed = 0;
        pipeline
            .run(docs, &mut |event| {
                if let PipelineEvent::Processed(p) = event {
                    handed += p.graph.reference.len();
                    match &p.rendered {
                        Some(rendered) => writer.write_rendered(&p.graph, rendered)?,
                        None => writer.write(&p.graph)?,
                    }
                }
                Ok(())
            })
            .unwrap();
        (writer.finish().unwrap().0, handed)
    }

    #[test]
    fn skipping_written_reference_triples_on_the_workers_changes_no_byte() {
        let dir = tempfile::tempdir().unwrap();
        let mut generator = CorpusGenerator::new(5);
        let docs: Vec<DocumentRef> = (0..120)
            .map(|i| {
                let mut text = String::new();
                write_text(&generator.next_question(), &mut text);
                let path = dir.path().join(format!("q{i:03}.txt"));
                std::fs::write(&path, text).unwrap();
                DocumentRef::File {
                    path,
                    relative: format!("q{i:03}.txt"),
                }
            })
            .collect();
        for format in [
            ExportFormat::NQuads,
            ExportFormat::Turtle,
            ExportFormat::JsonLd,
        ] {
            let (plain, all) = convert(&docs, format, false, 2);
            let (skipping, _) = convert(&docs, format, true, 2);
            assert_eq!(plain, skipping, "{format:?}");
            // Deputies, ministries and rubrics recur: their triples are dropped once
            // written (about half of them over these 120 questions). How many the workers
            // drop depends on how far the writer is; on one thread it is always as far.
            let (alone, fewer) = convert(&docs, format, true, 1);
            assert_eq!(plain, alone, "{format:?}");
            assert!(
                fewer * 3 < all * 2,
                "{format:?}: {fewer} of {all} handed over"
            );
        }
    }
}
