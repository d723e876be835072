//! `qe2rdf parse`: inputs → the model as JSON, one object per line.

use std::io::{BufWriter, Write};

use qe2rdf::mentions::MentionFinder;
use qe2rdf::parse::input::{self, InputSpec};
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
    /// Instead of the questions, print how many of them have each field filled (and, with
    /// --verbose, which fields each question lacks).
    #[arg(long)]
    pub coverage: bool,
    #[command(flatten)]
    pub link: super::LinkArgs,
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
    let pipeline = Pipeline::new(
        Mapper::default(),
        args.link.linker(&mut reporter)?,
        finder,
        0,
    )?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut questions = 0usize;
    let mut coverage = Coverage::default();
    pipeline.run(&docs, &mut |event| {
        match event {
            PipelineEvent::Processed(p) => {
                questions += 1;
                if args.coverage {
                    coverage.add(&p.question);
                    return Ok(());
                }
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
    if args.coverage {
        coverage.write(&mut out, args.report.verbose)?;
    }
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

/// Which fields the questions have.
#[derive(Default)]
struct Coverage {
    total: usize,
    filled: std::collections::BTreeMap<usize, usize>,
    missing: Vec<(String, Vec<&'static str>)>,
}

const FIELDS: &[&str] = &[
    "author",
    "author AN id (PA)",
    "author group",
    "group AN id (PO)",
    "author constituency",
    "department code",
    "ministry questioned",
    "ministry questioned AN id (PO)",
    "ministry assigned",
    "ministry assigned AN id (PO)",
    "rubric",
    "analysis heading",
    "analyses",
    "publication date",
    "publication page",
    "question text",
    "answer",
    "answer date",
    "answer page",
    "answer text",
    "closure",
    "cited bodies",
];

impl Coverage {
    fn add(&mut self, q: &qe2rdf::Question) {
        let a = q.author.as_ref();
        let answer = q.answer.as_ref();
        let checks = [
            a.is_some(),
            a.and_then(|a| a.id.as_ref()).is_some(),
            a.and_then(|a| a.group.as_ref()).is_some(),
            a.and_then(|a| a.group.as_ref())
                .and_then(|g| g.id.as_ref())
                .is_some(),
            a.and_then(|a| a.constituency.as_ref()).is_some(),
            a.and_then(|a| a.constituency.as_ref())
                .and_then(|c| c.department_code.as_ref())
                .is_some(),
            q.ministry_questioned.is_some(),
            q.ministry_questioned
                .as_ref()
                .and_then(|m| m.id.as_ref())
                .is_some(),
            q.ministry_assigned.is_some(),
            q.ministry_assigned
                .as_ref()
                .and_then(|m| m.id.as_ref())
                .is_some(),
            q.rubric.is_some(),
            q.analysis_heading.is_some(),
            !q.analyses.is_empty(),
            q.published.is_some(),
            q.published.and_then(|p| p.page).is_some(),
            q.text.is_some(),
            answer.is_some(),
            answer.and_then(|a| a.published).is_some(),
            answer
                .and_then(|a| a.published)
                .and_then(|p| p.page)
                .is_some(),
            answer.and_then(|a| a.text.as_ref()).is_some(),
            q.closure.is_some(),
            !q.mentions.is_empty() || answer.is_some_and(|a| !a.mentions.is_empty()),
        ];
        self.total += 1;
        let mut missing = Vec::new();
        for (i, ok) in checks.iter().enumerate() {
            if *ok {
                *self.filled.entry(i).or_default() += 1;
            } else {
                missing.push(FIELDS[i]);
            }
        }
        let name = match &q.source.member {
            Some(m) => format!("{} {} [{m}]", q.uid(), q.source.path),
            None => format!("{} {}", q.uid(), q.source.path),
        };
        self.missing.push((name, missing));
    }

    fn write<W: Write>(&self, out: &mut W, verbose: bool) -> std::io::Result<()> {
        writeln!(
            out,
            "{:<32} {:>8} {:>8} {:>6}",
            "field", "filled", "of", "%"
        )?;
        for (i, field) in FIELDS.iter().enumerate() {
            let n = self.filled.get(&i).copied().unwrap_or(0);
            let pct = if self.total == 0 {
                0.0
            } else {
                100.0 * n as f64 / self.total as f64
            };
            writeln!(out, "{field:<32} {n:>8} {:>8} {pct:>6.1}", self.total)?;
        }
        let complete = self.missing.iter().filter(|(_, m)| m.is_empty()).count();
        writeln!(
            out,
            "questions with every field filled: {complete} of {}",
            self.total
        )?;
        if verbose {
            for (name, missing) in &self.missing {
                if !missing.is_empty() {
                    writeln!(out, "{name}: no {}", missing.join(", "))?;
                }
            }
        }
        Ok(())
    }
}
