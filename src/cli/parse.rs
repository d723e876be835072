//! `qe2rdf parse`: inputs → the model as JSON, one object per line.

use std::io::{BufWriter, Write};

use qe2rdf::input::{self, InputSpec};
use qe2rdf::link::Linker;
use qe2rdf::mentions::MentionFinder;
use qe2rdf::pipeline::{Pipeline, PipelineEvent};
use qe2rdf::rdf::Mapper;

use super::Outcome;
use super::report::{ReportArgs, Reporter, plural};

/// Arguments of `parse`.
#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// Files, folders (read recursively), .zip archives, or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Pretty-print each object over several lines.
    #[arg(long)]
    pub pretty: bool,
    /// Do not look for cited bodies in the texts.
    #[arg(long)]
    pub no_mentions: bool,
    #[command(flatten)]
    pub report: ReportArgs,
}

pub fn run(args: &ParseArgs) -> anyhow::Result<Outcome> {
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
    let finder = (!args.no_mentions).then(MentionFinder::new);
    let pipeline = Pipeline::new(Mapper::default(), Linker::new(), finder, 0)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut questions = 0usize;
    pipeline.run(&docs, &mut |event| {
        match event {
            PipelineEvent::Processed(p) => {
                questions += 1;
                if args.pretty {
                    serde_json::to_writer_pretty(&mut out, &p.question)?;
                } else {
                    serde_json::to_writer(&mut out, &p.question)?;
                }
                out.write_all(b"\n")?;
            }
            PipelineEvent::Error(e) => reporter.error(&e),
            PipelineEvent::Warning(w) => reporter.warning(&w),
        }
        Ok(())
    })?;
    out.flush()?;
    reporter.summary(&format!("read {questions} question{}", plural(questions)));
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
