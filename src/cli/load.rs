//! `qe2rdf load`: inputs → embedded store.

use std::collections::HashSet;

use anyhow::Context;
use qe2rdf::export::WrittenReference;
use qe2rdf::mentions::MentionFinder;
use qe2rdf::parse::input::{self, InputSpec};
use qe2rdf::pipeline::{Pipeline, PipelineEvent};
use qe2rdf::rdf::{Mapper, QuestionGraph};
use qe2rdf::store::search::IndexState;
use qe2rdf::store::search::in_step::Readiness;
use qe2rdf::store::{LoadCounts, QuestionStore};

use super::report::{ReportArgs, Reporter, plural};
use super::{BaseArgs, Outcome, StoreArgs};

/// Questions written per transaction.
const BATCH: usize = 1000;
/// Questions per bulk-loader commit.
const BULK_BATCH: usize = 20_000;
/// Loads of at least this many quads end with a compaction.
const COMPACT_ABOVE: usize = 100_000;

/// Arguments of `load`.
#[derive(Debug, clap::Args)]
pub struct LoadArgs {
    /// Files, folders (read recursively), .zip archives, or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub store: StoreArgs,
    /// Worker threads (default: one per core; 1: everything on one thread).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Do not look for cited bodies in the texts.
    #[arg(long)]
    pub no_mentions: bool,
    /// Never use the bulk loader (by default it is used when the store starts empty).
    #[arg(long)]
    pub no_bulk: bool,
    /// Do not compact the store after the load (compaction makes queries several times
    /// faster; it is skipped anyway for loads under 100000 quads).
    #[arg(long)]
    pub no_compact: bool,
    /// Do not keep the search index (it is removed, and searches need `qe2rdf index
    /// --rebuild` before they can run); the load is a little faster.
    #[arg(long)]
    pub no_index: bool,
    /// Questions per commit (default: 1000 per transaction, 20000 per bulk-loader chunk).
    /// A commit is all or nothing: a load that is stopped keeps whole questions only.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub batch: Option<u32>,
    #[command(flatten)]
    pub base: BaseArgs,
    #[command(flatten)]
    pub link: super::LinkArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

struct Loader<'s> {
    store: &'s QuestionStore,
    bulk: bool,
    threads: usize,
    batch: usize,
    pending: Vec<QuestionGraph>,
    seen: HashSet<String>,
    counts: LoadCounts,
    /// The shared descriptions (deputies, groups, ministries…) given to the store by this
    /// load: a question's are written only once, the workers dropping those already in it.
    /// A batch that fails to commit ends the load, so none is left out of the store.
    written: WrittenReference,
}

impl Loader<'_> {
    fn push(&mut self, mut graph: QuestionGraph) -> anyhow::Result<()> {
        self.written.keep_unwritten(&mut graph.reference);
        let repeated = !self.seen.insert(graph.graph.as_str().to_owned());
        if self.bulk && repeated {
            // The bulk loader only adds; a question seen twice must replace its graph.
            self.flush()?;
            let c = self.store.load_batch(std::slice::from_ref(&graph))?;
            self.add(c);
            return Ok(());
        }
        self.pending.push(graph);
        if self.pending.len() >= self.batch {
            self.flush()?;
        }
        Ok(())
    }

    fn add(&mut self, c: LoadCounts) {
        self.counts.questions += c.questions;
        self.counts.quads += c.quads;
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.pending);
        let c = if self.bulk {
            self.store.bulk_load(&batch, self.threads)?
        } else {
            self.store.load_batch(&batch)?
        };
        self.add(c);
        Ok(())
    }
}

pub fn run(args: &LoadArgs) -> anyhow::Result<Outcome> {
    let minter = args.base.minter()?;
    let mut reporter = Reporter::new(args.report);
    let specs: Vec<InputSpec> = args.inputs.iter().map(|s| InputSpec::parse(s)).collect();
    let mut notices = Vec::new();
    let (docs, input_errors) = input::discover(&specs, &mut notices);
    for w in &notices {
        reporter.warning(w);
    }
    for e in &input_errors {
        reporter.input_error(e);
    }
    if docs.is_empty() && !input_errors.is_empty() {
        anyhow::bail!("no input could be read");
    }
    let store = QuestionStore::open(&args.store.store, minter.clone())
        .with_context(|| format!("cannot open the store {}", args.store.store.display()))?;
    let empty = store.is_empty()?;
    let bulk = !args.no_bulk && empty;
    // The search index follows the store batch by batch; first it catches up with it.
    if args.no_index {
        store.drop_search()?;
    }
    match if args.no_index {
        Readiness::Ready
    } else {
        store.prepare_search()?
    } {
        Readiness::Ready => {}
        Readiness::Built(n) => reporter.note(&format!(
            "search index: the store had none; built from its {n} question{}",
            plural(n as usize)
        )),
        Readiness::Repaired(n) => reporter.note(&format!(
            "search index: {n} question{} a stopped load had left behind indexed again",
            plural(n)
        )),
    }
    let threads = if args.threads == 0 {
        std::thread::available_parallelism().map_or(2, std::num::NonZero::get)
    } else {
        args.threads
    };
    let finder = (!args.no_mentions).then(MentionFinder::new);
    let written = WrittenReference::default();
    let pipeline = Pipeline::new(
        Mapper::new(minter),
        args.link.linker(&mut reporter)?,
        finder,
        args.threads,
    )?
    .skip_written_reference(written.clone());
    let mut loader = Loader {
        store: &store,
        bulk,
        threads,
        batch: args
            .batch
            .map_or(if bulk { BULK_BATCH } else { BATCH }, |b| b as usize),
        pending: Vec::new(),
        seen: HashSet::new(),
        counts: LoadCounts::default(),
        written,
    };
    reporter.start_progress(docs.len() as u64, "documents");
    let mut last_file = String::new();
    let mut failure: Option<anyhow::Error> = None;
    pipeline
        .run(&docs, &mut |event| {
            match event {
                PipelineEvent::Processed(p) => {
                    if p.question.source.path != last_file {
                        reporter.tick(1);
                        last_file.clone_from(&p.question.source.path);
                    }
                    if let Err(e) = loader.push(p.graph) {
                        failure = Some(e);
                        return Err(std::io::Error::other("store write failed"));
                    }
                }
                PipelineEvent::Error(e) => reporter.error(&e),
                PipelineEvent::Warning(w) => reporter.warning(&w),
            }
            Ok(())
        })
        .map_err(|e| failure.take().unwrap_or_else(|| e.into()))?;
    loader.flush()?;
    let counts = loader.counts;
    // Compacting puts each index in few sorted files: queries then seek a few times less.
    let compact = !args.no_compact && counts.quads >= COMPACT_ABOVE;
    if compact {
        reporter.note("compacting the store (--no-compact skips this)");
        store.optimize()?;
    }
    if let IndexState::Ready { questions } = store.search_state() {
        reporter.note(&format!(
            "search index: {questions} question{} (qe2rdf search QUERY)",
            plural(questions as usize)
        ));
    }
    reporter.summary(&format!(
        "loaded {} question{} ({} quads{}) into {}",
        counts.questions,
        plural(counts.questions),
        counts.quads,
        match (bulk, compact) {
            (true, true) => ", bulk loader, compacted",
            (true, false) => ", bulk loader",
            (false, true) => ", compacted",
            (false, false) => "",
        },
        args.store.store.display()
    ));
    Ok(if reporter.input_errors > 0 {
        anyhow::bail!(
            "{} input{} could not be read",
            reporter.input_errors,
            plural(reporter.input_errors)
        )
    } else if reporter.errors > 0 {
        Outcome::InputRejected
    } else {
        Outcome::Success
    })
}
