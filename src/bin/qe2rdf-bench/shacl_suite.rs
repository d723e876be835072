//! `shacl-suite`: runs the validator on the W3C SHACL test suite (the `core` tests of the
//! data-shapes test suite, manifests in the `mf:` / `sht:` vocabulary) and says which pass.
//!
//! A test passes when the validator reads its shapes and its report agrees with the
//! expected one: the same `sh:conforms` (true when there is no result at all, as SHACL
//! defines it), and the same set of results as (focus node, constraint component, value,
//! severity), blank nodes standing for any blank node and literals compared in the
//! canonical form the store keeps (`"4.0"^^xsd:decimal` is `"4"^^xsd:decimal`). A result
//! reached twice by two paths counts once. A test
//! whose shapes use a construct the validator refuses counts as unsupported; any other
//! difference is a failure.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Context;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Term, Triple};
use qe2rdf::rdf::{IriMinter, QuestionGraph};
use qe2rdf::store::QuestionStore;
use qe2rdf::store::shacl::{Severity, Shapes, ShapesError};

const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
const SHT: &str = "http://www.w3.org/ns/shacl-test#";
const SH: &str = "http://www.w3.org/ns/shacl#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// How one test went.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Pass,
    Unsupported(String),
    Fail(String),
}

/// The triples of one Turtle file, read with its address as base.
struct File {
    base: String,
    text: String,
    triples: Vec<Triple>,
}

impl File {
    fn read(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
        let absolute = std::fs::canonicalize(path)?;
        let base = format!("file://{}", absolute.display());
        let triples = RdfParser::from_format(RdfFormat::Turtle)
            .with_base_iri(&base)?
            .for_slice(text.as_bytes())
            .map(|q| q.map(Triple::from))
            .collect::<Result<_, _>>()
            .with_context(|| path.display().to_string())?;
        Ok(Self {
            base,
            text,
            triples,
        })
    }

    fn objects(&self, s: &Term, p: &str) -> Vec<&Term> {
        self.triples
            .iter()
            .filter(|t| Term::from(t.subject.clone()) == *s && t.predicate.as_str() == p)
            .map(|t| &t.object)
            .collect()
    }

    fn object(&self, s: &Term, p: &str) -> Option<&Term> {
        self.objects(s, p).into_iter().next()
    }
}

/// Every test file of the suite under `dir`, following the manifests' `mf:include`.
fn test_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut manifests = vec![dir.join("manifest.ttl")];
    while let Some(m) = manifests.pop() {
        let file = File::read(&m)?;
        for t in &file.triples {
            if t.predicate.as_str() == format!("{MF}include") {
                if let Term::NamedNode(n) = &t.object {
                    let path = PathBuf::from(n.as_str().trim_start_matches("file://"));
                    if path.file_name().is_some_and(|f| f == "manifest.ttl") {
                        manifests.push(path);
                    } else {
                        out.push(path);
                    }
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A result as compared: focus, component, value, severity (blank nodes as `_`).
type Key = (String, String, String, String);

fn shown(t: Option<&Term>) -> String {
    match t {
        Some(Term::NamedNode(n)) => format!("<{}>", n.as_str()),
        Some(Term::BlankNode(_)) => "_".to_owned(),
        Some(Term::Literal(l)) => canonical(l),
        None => String::new(),
    }
}

/// A literal as the store gives it back (numbers in canonical form).
fn canonical(l: &oxigraph::model::Literal) -> String {
    let store = oxigraph::store::Store::new();
    let s = NamedNode::new_unchecked("urn:s");
    let quad = oxigraph::model::Quad::new(
        s.clone(),
        s.clone(),
        l.clone(),
        oxigraph::model::GraphName::DefaultGraph,
    );
    match store.map(|st| {
        st.insert(&quad).ok();
        st.quads_for_pattern(None, None, None, None)
            .flatten()
            .next()
            .map(|q| q.object.to_string())
    }) {
        Ok(Some(t)) => t,
        _ => Term::Literal(l.clone()).to_string(),
    }
}

/// Our `display` of a term, made comparable with [`shown`].
fn ours(text: &str) -> String {
    if text.starts_with("_:") {
        "_".to_owned()
    } else {
        text.to_owned()
    }
}

fn severity_iri(s: Severity) -> String {
    format!(
        "<{SH}{}>",
        match s {
            Severity::Info => "Info",
            Severity::Warning => "Warning",
            Severity::Violation => "Violation",
        }
    )
}

/// Runs one test file (it may hold several tests).
fn run_file(path: &Path) -> anyhow::Result<Vec<(String, Outcome)>> {
    let file = File::read(path)?;
    let mut out = Vec::new();
    let tests: Vec<Term> = file
        .triples
        .iter()
        .filter(|t| {
            t.predicate.as_str() == RDF_TYPE
                && matches!(&t.object, Term::NamedNode(n) if n.as_str() == format!("{SHT}Validate"))
        })
        .map(|t| Term::from(t.subject.clone()))
        .collect();
    for test in tests {
        let name = match &test {
            Term::NamedNode(n) => n.as_str().rsplit('/').next().unwrap_or_default().to_owned(),
            other => other.to_string(),
        };
        out.push((name, run_test(&file, &test)));
    }
    Ok(out)
}

fn run_test(file: &File, test: &Term) -> Outcome {
    let Some(action) = file.object(test, &format!("{MF}action")).cloned() else {
        return Outcome::Fail("no mf:action".into());
    };
    let graph_file = |p: &str| -> Result<File, String> {
        match file.object(&action, &format!("{SHT}{p}")) {
            Some(Term::NamedNode(n)) if n.as_str() == file.base => Ok(File {
                base: file.base.clone(),
                text: file.text.clone(),
                triples: file.triples.clone(),
            }),
            Some(Term::NamedNode(n)) => {
                File::read(Path::new(n.as_str().trim_start_matches("file://")))
                    .map_err(|e| e.to_string())
            }
            _ => Err(format!("no sht:{p}")),
        }
    };
    let (data, shapes_file) = match (graph_file("dataGraph"), graph_file("shapesGraph")) {
        (Ok(d), Ok(s)) => (d, s),
        (Err(e), _) | (_, Err(e)) => return Outcome::Fail(e),
    };
    let shapes = match Shapes::parse_with_base(&shapes_file.text, Some(&shapes_file.base)) {
        Ok(s) => s,
        Err(ShapesError::Unsupported { what, .. }) => return Outcome::Unsupported(what),
        Err(e) => return Outcome::Fail(format!("shapes refused: {e}")),
    };
    let store = match QuestionStore::in_memory(IriMinter::default()) {
        Ok(s) => s,
        Err(e) => return Outcome::Fail(e.to_string()),
    };
    let graph = QuestionGraph {
        graph: NamedNode::new_unchecked("urn:qe2rdf:shacl-suite:data"),
        triples: data.triples.clone(),
        reference: Vec::new(),
    };
    if let Err(e) = store.load_batch(&[graph]) {
        return Outcome::Fail(e.to_string());
    }
    let report = match shapes.validate(&store) {
        Ok(r) => r,
        Err(e) => return Outcome::Fail(format!("validation failed: {e}")),
    };
    // The expected report.
    let Some(expected) = file.object(test, &format!("{MF}result")).cloned() else {
        return Outcome::Fail("no mf:result".into());
    };
    let conforms = file
        .object(&expected, &format!("{SH}conforms"))
        .is_some_and(|t| matches!(t, Term::Literal(l) if l.value() == "true"));
    let mut want: BTreeSet<Key> = BTreeSet::new();
    for r in file.objects(&expected, &format!("{SH}result")) {
        let key = (
            shown(file.object(r, &format!("{SH}focusNode"))),
            shown(file.object(r, &format!("{SH}sourceConstraintComponent"))),
            shown(file.object(r, &format!("{SH}value"))),
            shown(file.object(r, &format!("{SH}resultSeverity"))),
        );
        want.insert(key);
    }
    let mut got: BTreeSet<Key> = BTreeSet::new();
    for r in &report.results {
        let key = (
            ours(&r.focus),
            format!("<{SH}{}>", r.component.trim_start_matches("sh:")),
            r.value.as_deref().map(ours).unwrap_or_default(),
            severity_iri(r.severity),
        );
        got.insert(key);
    }
    if report.results.is_empty() != conforms {
        return Outcome::Fail(format!(
            "conforms {} where {conforms} was expected ({} results)",
            report.results.is_empty(),
            report.results.len()
        ));
    }
    if want != got {
        let missing: Vec<_> = want.difference(&got).collect();
        let extra: Vec<_> = got.difference(&want).collect();
        return Outcome::Fail(format!(
            "results differ: missing {missing:?}, unexpected {extra:?}"
        ));
    }
    Outcome::Pass
}

/// Runs the suite under `dir`, prints one line per test and the totals; fails when fewer
/// than `expect` tests pass.
pub fn run(dir: &Path, expect: usize, verbose: bool) -> anyhow::Result<()> {
    let files = test_files(dir)?;
    anyhow::ensure!(!files.is_empty(), "no test under {}", dir.display());
    let mut outcomes = Vec::new();
    for f in &files {
        let folder = f
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match run_file(f) {
            Ok(tests) => {
                for (name, o) in tests {
                    outcomes.push((format!("{folder}/{name}"), o));
                }
            }
            Err(e) => outcomes.push((
                format!("{folder}/{}", f.display()),
                Outcome::Fail(format!("{e:#}")),
            )),
        }
    }
    let mut unsupported: BTreeMap<String, usize> = BTreeMap::new();
    for (name, o) in &outcomes {
        match o {
            Outcome::Pass => {
                if verbose {
                    println!("pass         {name}");
                }
            }
            Outcome::Unsupported(what) => {
                *unsupported.entry(what.clone()).or_default() += 1;
                if verbose {
                    println!("unsupported  {name}: {what}");
                }
            }
            Outcome::Fail(why) => println!("FAIL         {name}: {why}"),
        }
    }
    let pass = outcomes.iter().filter(|(_, o)| *o == Outcome::Pass).count();
    let unsup = outcomes
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Unsupported(_)))
        .count();
    let fail = outcomes.len() - pass - unsup;
    println!(
        "W3C SHACL core tests: {} — {pass} pass, {unsup} refused as unsupported, {fail} fail",
        outcomes.len()
    );
    for (what, n) in &unsupported {
        println!("  unsupported: {what} ({n})");
    }
    anyhow::ensure!(
        pass >= expect,
        "{pass} tests pass, fewer than the {expect} expected"
    );
    Ok(())
}

/// Validates an N-Triples data graph (read into a store in memory) against a shapes graph
/// in Turtle, as another validator would be given them: prints the time of each step and
/// the number of results, and writes each result as a line "focus component value" to
/// `keys` when given (to compare reports).
pub fn validate_file(data: &Path, shapes: &Path, keys: Option<&Path>) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let text = std::fs::read_to_string(shapes).with_context(|| shapes.display().to_string())?;
    let compiled = Shapes::parse(&text)?;
    let t_shapes = started.elapsed();
    let started = std::time::Instant::now();
    let store = QuestionStore::in_memory(IriMinter::default())?;
    // The data is one graph of any triples, not questions: no search index.
    store.drop_search()?;
    let reader = std::io::BufReader::new(
        std::fs::File::open(data).with_context(|| data.display().to_string())?,
    );
    let mut batch = Vec::new();
    for quad in RdfParser::from_format(RdfFormat::NTriples).for_reader(reader) {
        batch.push(Triple::from(quad?));
    }
    store.bulk_load(
        &[QuestionGraph {
            graph: NamedNode::new_unchecked("urn:qe2rdf:shacl-validate:data"),
            triples: batch,
            reference: Vec::new(),
        }],
        2,
    )?;
    let t_load = started.elapsed();
    let started = std::time::Instant::now();
    let report = compiled.validate(&store)?;
    let t_validate = started.elapsed();
    println!(
        "shapes {t_shapes:?} load {t_load:?} validate {t_validate:?} results {} conforms {}",
        report.results.len(),
        report.results.is_empty()
    );
    if let Some(keys) = keys {
        let lines: BTreeSet<String> = report
            .results
            .iter()
            .map(|r| {
                format!(
                    "{} <{SH}{}> {}",
                    r.focus,
                    r.component.trim_start_matches("sh:"),
                    r.value.clone().unwrap_or_default()
                )
            })
            .collect();
        std::fs::write(
            keys,
            lines.into_iter().collect::<Vec<_>>().join("\n") + "\n",
        )?;
    }
    Ok(())
}
