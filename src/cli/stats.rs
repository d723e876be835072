//! `qe2rdf stats`: counts of the store, and its VoID/DCAT description.

use std::io::Write;

use oxigraph::model::Term;
use qe2rdf::export::{ExportFormat, GraphWriter, void_description};
use qe2rdf::model::ReferenceSnapshot;
use qe2rdf::store::results::display_term;
use qe2rdf::store::search::IndexState;
use qe2rdf::store::{QueryOptions, QueryOutput, QuestionStore};

use super::convert::AtomicFile;
use super::{BaseArgs, Outcome, StoreArgs};

/// Arguments of `stats`.
#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Write the VoID/DCAT description of the store to this Turtle file.
    #[arg(long, value_name = "FILE")]
    pub void: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub base: BaseArgs,
}

fn rows(store: &QuestionStore, sparql: &str) -> anyhow::Result<Vec<Vec<Option<Term>>>> {
    match store.query(sparql, &QueryOptions::default())? {
        QueryOutput::Solutions { rows, .. } => Ok(rows),
        _ => anyhow::bail!("unexpected result"),
    }
}

fn number(term: Option<&Option<Term>>) -> u64 {
    match term {
        Some(Some(Term::Literal(l))) => l.value().parse().unwrap_or(0),
        _ => 0,
    }
}

const PREFIXES: &str = "PREFIX qe: <https://w3id.org/qe2rdf/ontology#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n";

pub fn run(args: &StatsArgs) -> anyhow::Result<Outcome> {
    let minter = args.base.minter()?;
    let store = QuestionStore::open_read_only(&args.store.store, minter.clone())?;
    let mut out = std::io::stdout().lock();
    let by_leg = rows(
        &store,
        &format!(
            "{PREFIXES}SELECT ?leg ?type (COUNT(?q) AS ?n) WHERE {{ ?q a qe:Question ; qe:legislature/qe:number ?leg ; qe:questionType/skos:notation ?type }} GROUP BY ?leg ?type ORDER BY ?leg ?type"
        ),
    )?;
    let total: u64 = by_leg.iter().map(|r| number(r.get(2))).sum();
    writeln!(out, "store        {}", args.store.store.display())?;
    writeln!(out, "questions    {total}")?;
    for r in &by_leg {
        let leg = r[0].as_ref().map(display_term).unwrap_or_default();
        let kind = r[1].as_ref().map(display_term).unwrap_or_default();
        writeln!(
            out,
            "  {:>2}e législature {:<5} {}",
            leg,
            kind,
            number(r.get(2))
        )?;
    }
    writeln!(out, "quads        {}", store.len()?)?;
    let counts = [
        ("deputies", "qe:Deputy"),
        ("groups", "qe:ParliamentaryGroup"),
        ("ministries", "qe:Ministry"),
        ("places", "qe:Constituency"),
        ("cited bodies", "qe:CitedBody"),
        ("mentions", "qe:Mention"),
        ("answers", "qe:Answer"),
    ];
    for (label, class) in counts {
        let r = rows(
            &store,
            &format!("{PREFIXES}SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {class} }}"),
        )?;
        writeln!(
            out,
            "{label:<12} {}",
            number(r.first().and_then(|r| r.first()))
        )?;
    }
    let entities = rows(
        &store,
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c }",
    )?;
    writeln!(
        out,
        "entities     {}",
        number(entities.first().and_then(|r| r.first()))
    )?;
    match store.search_state() {
        IndexState::Ready { questions } => {
            writeln!(
                out,
                "search index {questions} questions, in step with the store"
            )?;
        }
        IndexState::Stale { questions, pending } => writeln!(
            out,
            "search index {questions} questions, STALE: a load stopped before indexing {pending} \
             question{} it wrote; run `qe2rdf index --rebuild` (or load again)",
            if pending == 1 { "" } else { "s" }
        )?,
        IndexState::Missing => writeln!(
            out,
            "search index none: run `qe2rdf index --rebuild` to make it (searches need it)"
        )?,
    }
    let reference = store.reference_snapshots()?;
    if reference.is_empty() {
        writeln!(
            out,
            "reference    none recorded (loaded by an older qe2rdf)"
        )?;
    }
    for (snapshot, questions) in &reference {
        let origin = if snapshot.origin == ReferenceSnapshot::COMPILED {
            "compiled into qe2rdf".to_owned()
        } else {
            snapshot.origin.clone()
        };
        writeln!(
            out,
            "reference    {} of {} ({origin}): {questions} questions linked with it",
            snapshot.source.to_uppercase(),
            snapshot.date
        )?;
    }
    let reference: Vec<ReferenceSnapshot> = reference.into_iter().map(|(s, _)| s).collect();
    if let Some(path) = &args.void {
        let stats = store.dataset_stats()?;
        let triples = void_description(&stats, &minter, &[], &reference);
        let mut w = GraphWriter::new(ExportFormat::Turtle, AtomicFile::create(path)?, &minter)?;
        w.write_triples(&triples)?;
        let (file, _) = w.finish()?;
        file.commit()?;
        writeln!(out, "void         {}", path.display())?;
    }
    Ok(Outcome::Success)
}
