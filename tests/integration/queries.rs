//! Every bundled query, run on a store loaded with the fixtures, against its expected table.

use qe2rdf::export::{ResultsFormat, write_query_output};
use qe2rdf::queries::{ALL, find};
use qe2rdf::rdf::IriMinter;
use qe2rdf::store::{QueryOptions, QueryOutput, QuestionStore};

use crate::common::{check_golden, data, run_rel};

/// The parameters each query is run with (the fixtures' own facts).
const CASES: &[(&str, &[&str])] = &[
    ("answer-delay-per-ministry", &[]),
    ("answer-rate-per-ministry", &[]),
    ("attribution-changes", &[]),
    ("bodies-cited-together", &[]),
    ("deputy-questions", &["name=guedj"]),
    ("full-text-search", &["text=deserts medicaux"]),
    ("most-active-deputies", &[]),
    ("most-cited-bodies", &[]),
    ("question-graph", &["uid=QANR5L16QE99001"]),
    ("questions-by-department", &[]),
    ("questions-citing-body", &["body=agence bio"]),
    ("questions-per-group", &["legislature=16"]),
    ("questions-per-legislature-and-type", &[]),
    ("questions-per-ministry", &[]),
    ("questions-per-month", &["legislature=16"]),
    ("questions-per-rubric", &[]),
    ("rubric-ministry-matrix", &[]),
    ("unanswered-older-than", &["days=365", "asof=2024-06-09"]),
    ("withdrawn-end-of-mandate-per-group", &[]),
];

fn fixture_store() -> QuestionStore {
    let run = run_rel(&["examples", "tests/data/variants", "tests/data/opendata"]);
    assert!(run.errors.is_empty(), "{:?}", run.errors);
    let store = QuestionStore::in_memory(IriMinter::default()).expect("store");
    let graphs: Vec<_> = run.processed.into_iter().map(|p| p.graph).collect();
    store.load_batch(&graphs).expect("load");
    store
}

#[test]
fn every_bundled_query_has_a_case() {
    let mut names: Vec<&str> = CASES.iter().map(|(n, _)| *n).collect();
    names.sort_unstable();
    let mut bundled: Vec<&str> = ALL.iter().map(|q| q.name).collect();
    bundled.sort_unstable();
    assert_eq!(names, bundled);
}

#[test]
fn every_bundled_query_gives_its_expected_table() {
    let store = fixture_store();
    for (name, params) in CASES {
        let query = find(name).expect("bundled");
        let params: Vec<String> = params.iter().map(|p| (*p).to_owned()).collect();
        let bindings = query.bind(&params).expect("parameters");
        let output = store
            .query(
                query.sparql,
                &QueryOptions {
                    bindings,
                    ..QueryOptions::default()
                },
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = match &output {
            QueryOutput::Solutions { rows, .. } => {
                assert!(!rows.is_empty(), "{name} returns nothing on the fixtures");
                let bytes =
                    write_query_output(&output, ResultsFormat::Tsv, Vec::new()).expect("tsv");
                String::from_utf8(bytes).expect("utf-8")
            }
            QueryOutput::Graph(triples) => {
                assert!(
                    !triples.is_empty(),
                    "{name} returns nothing on the fixtures"
                );
                let bytes =
                    write_query_output(&output, ResultsFormat::NTriples, Vec::new()).expect("nt");
                let mut lines: Vec<String> = String::from_utf8(bytes)
                    .expect("utf-8")
                    .lines()
                    .map(str::to_owned)
                    .collect();
                lines.sort();
                lines.join("\n") + "\n"
            }
            QueryOutput::Boolean(b) => format!("{b}\n"),
        };
        check_golden(&data(&format!("queries/{name}.tsv")), &text);
    }
}

#[test]
fn queries_run_fast_enough_on_the_fixtures() {
    // Not a benchmark: a guard against a query that would scan the store quadratically.
    let store = fixture_store();
    for (name, params) in CASES {
        let query = find(name).expect("bundled");
        let params: Vec<String> = params.iter().map(|p| (*p).to_owned()).collect();
        let bindings = query.bind(&params).expect("parameters");
        let options = QueryOptions {
            bindings,
            timeout: Some(std::time::Duration::from_secs(20)),
            ..QueryOptions::default()
        };
        store
            .query(query.sparql, &options)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}
