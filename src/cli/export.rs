//! `qe2rdf export`: the store (or one question's graph) → RDF.

use qe2rdf::export::{Distribution, ExportFormat, GraphWriter, void_description};
use qe2rdf::model::QuestionId;
use qe2rdf::rdf::QuestionGraph;
use qe2rdf::store::QuestionStore;

use super::convert::{AtomicFile, Output};
use super::{BaseArgs, Outcome, RdfFormatArg, StoreArgs};

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Output format (default: from the -o extension, else Turtle; N-Quads and TriG keep the
    /// named graphs).
    #[arg(short, long, value_enum)]
    pub format: Option<RdfFormatArg>,
    /// Output file (default: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Export only this question's graph, by uid (QANR5L16QE13417).
    #[arg(long, value_name = "UID")]
    pub question: Option<String>,
    /// Also write the VoID/DCAT description of the export to this Turtle file.
    #[arg(long, value_name = "FILE")]
    pub void: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub base: BaseArgs,
}

pub fn run(args: &ExportArgs) -> anyhow::Result<Outcome> {
    let minter = args.base.minter()?;
    let store = QuestionStore::open_read_only(&args.store.store, minter.clone())?;
    let format: ExportFormat = args
        .format
        .map(Into::into)
        .or_else(|| args.output.as_deref().and_then(ExportFormat::from_path))
        .unwrap_or(ExportFormat::Turtle);
    let graphs = match &args.question {
        Some(uid) => {
            let id = QuestionId::from_uid(uid).ok_or_else(|| {
                anyhow::anyhow!(
                    "{uid:?} is not a question uid (QANR5L{{leg}}{{QE|QOSD|QG}}{{num}})"
                )
            })?;
            let g = minter.question_graph(&id);
            if !store.has_graph(g.as_ref())? {
                anyhow::bail!(
                    "question {uid} is not in the store {}",
                    args.store.store.display()
                );
            }
            vec![g]
        }
        None => store.question_graphs()?,
    };
    let mut writer = GraphWriter::new(format, Output::open(args.output.as_deref())?, &minter)?;
    for g in graphs {
        // Each question carries the shared descriptions of what it links to; the writer
        // writes each of them once.
        if let Some(graph) = store.question(g.as_ref())? {
            writer.write(&graph)?;
        }
    }
    if args.question.is_none() {
        // Shared descriptions nothing links to any more stay in the full export.
        writer.write(&QuestionGraph {
            graph: minter.reference_graph(),
            triples: Vec::new(),
            reference: store.graph_triples(minter.reference_graph().as_ref())?,
        })?;
    }
    let (out, mut stats) = writer.finish()?;
    stats.questions = stats
        .questions
        .saturating_sub(u64::from(args.question.is_none()));
    out.finish()?;
    if let Some(void_path) = &args.void {
        let download = args
            .output
            .as_ref()
            .map_or_else(|| "-".to_owned(), |p| p.display().to_string());
        let reference: Vec<_> = store
            .reference_snapshots()?
            .into_iter()
            .map(|(snapshot, _)| snapshot)
            .collect();
        let triples = void_description(
            &stats,
            &minter,
            &[Distribution { download, format }],
            &reference,
        );
        let mut w = GraphWriter::new(
            ExportFormat::Turtle,
            AtomicFile::create(void_path)?,
            &minter,
        )?;
        w.write_triples(&triples)?;
        let (file, _) = w.finish()?;
        file.commit()?;
    }
    Ok(Outcome::Success)
}
