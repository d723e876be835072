//! `qe2rdf validate`: the SHACL shapes, run on inputs or on the store.

use std::io::Write;
use std::path::PathBuf;

use qe2rdf::export::{ExportFormat, write_triples};
use qe2rdf::mentions::MentionFinder;
use qe2rdf::parse::input::{self, InputSpec};
use qe2rdf::pipeline::{Pipeline, PipelineEvent};
use qe2rdf::rdf::Mapper;
use qe2rdf::store::QuestionStore;
use qe2rdf::store::shacl::{Severity, Shapes};

use super::report::{ReportArgs, Reporter, plural};
use super::{BaseArgs, Outcome, StoreArgs};

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Files, folders or archives to convert and validate (in memory); without inputs, the
    /// store is validated.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Validate the store (the default when no input is given).
    #[arg(long = "in-store")]
    pub in_store: bool,
    /// A shapes graph in Turtle to use instead of the shipped `ontology/shapes.ttl`.
    #[arg(long, value_name = "FILE")]
    pub shapes: Option<PathBuf>,
    /// Write the report as a SHACL `sh:ValidationReport` graph in this RDF format (on
    /// standard output, or to -o), instead of one line per result.
    #[arg(short, long, value_enum)]
    pub format: Option<super::RdfFormatArg>,
    /// Write the report to this file (its extension gives the format when -f is not given).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub base: BaseArgs,
    #[command(flatten)]
    pub link: super::LinkArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

pub fn run(args: &ValidateArgs) -> anyhow::Result<Outcome> {
    let minter = args.base.minter()?;
    let mut reporter = Reporter::new(args.report);
    let shapes = match &args.shapes {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("cannot read the shapes {}: {e}", path.display()))?;
            let base = std::fs::canonicalize(path)
                .ok()
                .map(|p| format!("file://{}", p.display()));
            Shapes::parse_with_base(&text, base.as_deref())
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        }
        None => Shapes::builtin()?,
    };
    let store = if args.inputs.is_empty() || args.in_store {
        QuestionStore::open_read_only(&args.store.store, minter.clone())?
    } else {
        let store = QuestionStore::in_memory(minter.clone())?;
        let specs: Vec<InputSpec> = args.inputs.iter().map(|s| InputSpec::parse(s)).collect();
        let mut notices = Vec::new();
        let (docs, input_errors) = input::discover(&specs, &mut notices);
        for w in &notices {
            reporter.warning(w);
        }
        for e in &input_errors {
            reporter.input_error(e);
        }
        let pipeline = Pipeline::new(
            Mapper::new(minter),
            args.link.linker(&mut reporter)?,
            Some(MentionFinder::new()),
            0,
        )?;
        let mut batch = Vec::new();
        pipeline.run(&docs, &mut |event| {
            match event {
                PipelineEvent::Processed(p) => batch.push(p.graph),
                PipelineEvent::Error(e) => reporter.error(&e),
                PipelineEvent::Warning(w) => reporter.warning(&w),
            }
            Ok(())
        })?;
        for chunk in batch.chunks(1000) {
            store.load_batch(chunk)?;
        }
        store
    };
    let report = shapes.validate(&store)?;
    let format: Option<ExportFormat> = args
        .format
        .map(Into::into)
        .or_else(|| args.output.as_deref().and_then(ExportFormat::from_path));
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    };
    match format {
        Some(format) => {
            out = write_triples(format, &report.to_triples(), out)?;
        }
        None => {
            for r in &report.results {
                writeln!(out, "{r}")?;
            }
        }
    }
    out.flush()?;
    let violations = report
        .results
        .iter()
        .filter(|r| r.severity == Severity::Violation)
        .count();
    reporter.summary(&format!(
        "{} shapes, {} checks: {} violation{}, {} other result{}",
        shapes.shape_count(),
        report.checks,
        violations,
        plural(violations),
        report.results.len() - violations,
        plural(report.results.len() - violations)
    ));
    Ok(
        if report.conforms() && reporter.errors == 0 && reporter.input_errors == 0 {
            Outcome::Success
        } else {
            Outcome::InputRejected
        },
    )
}
