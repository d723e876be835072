//! Every bundled query, run on a store loaded with the fixtures, against its expected table.

use qe2rdf::rdf::IriMinter;
use qe2rdf::store::queries::{ALL, find};
use qe2rdf::store::results::{ResultsFormat, write_query_output};
use qe2rdf::store::search::IndexState;
use qe2rdf::store::{QueryOptions, QueryOutput, QuestionStore};

use crate::common::{check_golden, data, run_rel};

/// The parameters each query is run with (the fixtures' own facts).
const CASES: &[(&str, &[&str])] = &[
    ("answer-delay-per-ministry", &[]),
    ("answer-rate-per-ministry", &[]),
    ("attribution-changes", &[]),
    ("bodies-cited-together", &[]),
    ("changes-since", &["since=2026-12-04T12:00:00+01:00"]),
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
    // A change log as two syncs would have written it: one before the time the query is
    // asked about (2026-12-04T11:00:00Z), one after.
    use qe2rdf::model::QuestionId;
    use qe2rdf::sync::changes::{ChangeKind, activity_triples};
    let minter = IriMinter::default();
    let id = |uid: &str| QuestionId::from_uid(uid).expect("uid");
    let mut log = activity_triples(
        &minter,
        &id("QANR5L16QE99001"),
        "20261204T100000Z",
        "2026-12-04T10:00:00Z",
        &[ChangeKind::NewQuestion],
    );
    log.extend(activity_triples(
        &minter,
        &id("QANR5L16QE99001"),
        "20261204T115000Z",
        "2026-12-04T11:50:00Z",
        &[ChangeKind::NewAnswer, ChangeKind::Closure],
    ));
    log.extend(activity_triples(
        &minter,
        &id("QANR5L15QE99002"),
        "20261204T115000Z",
        "2026-12-04T11:50:00Z",
        &[ChangeKind::MinistryChange],
    ));
    store
        .load_batch_appending(&[], &minter.changes_graph(), &log)
        .expect("change log");
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
        let params: Vec<String> = params.iter().map(|p| (*p).to_owned()).collect();
        let output = run_bundled(&store, name, &params);
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
fn leaving_out_the_blocks_of_unbound_parameters_changes_no_row() {
    // Each query with its case's parameters, with none when it can, and with each of its
    // optional parameters alone: the rows of the query as run (the `# if NAME` blocks of
    // unbound parameters left out) are those of the whole text (every block kept, as where
    // the markers are mere comments).
    let store = fixture_store();
    let mut with_blocks = 0;
    for (name, case) in CASES {
        let query = find(name).expect("bundled");
        if !query.sparql.contains("# if ") {
            continue;
        }
        with_blocks += 1;
        let whole = query
            .sparql
            .replace("# if ", "# (kept) if ")
            .replace("# end if", "# (kept) end if");
        let mut variants: Vec<Vec<String>> = vec![case.iter().map(|p| (*p).to_owned()).collect()];
        variants.push(Vec::new());
        for param in query.params() {
            let value = match param.name.as_str() {
                "legislature" => "16",
                "type" => "QE",
                _ => continue,
            };
            variants.push(vec![format!("{}={value}", param.name)]);
        }
        variants.push(vec!["legislature=15".into(), "type=QG".into()]);
        for params in variants {
            let Ok(bindings) = query.bind(&params) else {
                continue;
            };
            let options = QueryOptions {
                bindings,
                ..QueryOptions::default()
            };
            let tsv = |sparql: &str| {
                let output = store
                    .query(sparql, &options)
                    .unwrap_or_else(|e| panic!("{name} {params:?}: {e}"));
                String::from_utf8(
                    write_query_output(&output, ResultsFormat::Tsv, Vec::new()).expect("tsv"),
                )
                .expect("utf-8")
            };
            assert_eq!(tsv(query.sparql), tsv(&whole), "{name} {params:?}");
        }
    }
    assert!(with_blocks >= 8, "{with_blocks} queries with blocks");
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

/// Runs a bundled query with `name=value` parameters.
fn run_bundled(store: &QuestionStore, name: &str, params: &[String]) -> QueryOutput {
    let query = find(name).expect("bundled");
    let bindings = query.bind(params).expect("parameters");
    store
        .query(
            query.sparql,
            &QueryOptions {
                bindings,
                ..QueryOptions::default()
            },
        )
        .unwrap_or_else(|e| panic!("{name} {params:?}: {e}"))
}

/// A bundled query's table as TSV.
fn bundled_tsv(store: &QuestionStore, name: &str, params: &[String]) -> String {
    let output = run_bundled(store, name, params);
    String::from_utf8(write_query_output(&output, ResultsFormat::Tsv, Vec::new()).expect("tsv"))
        .expect("utf-8")
}

/// The rows of full-text-search for a phrase, as TSV.
fn search(store: &QuestionStore, phrase: &str) -> String {
    bundled_tsv(store, "full-text-search", &[format!("text={phrase}")])
}

#[test]
fn the_search_index_follows_the_store_and_a_rebuild_gives_the_same_answers() {
    let run = run_rel(&["examples", "tests/data/variants", "tests/data/opendata"]);
    let graphs: Vec<_> = run.processed.into_iter().map(|p| p.graph).collect();
    let dir = tempfile::tempdir().expect("temporary folder");
    let folder = dir.path().join("store");
    let store = QuestionStore::open(&folder, IriMinter::default()).expect("store");
    store.prepare_search().expect("ready");
    store.load_batch(&graphs).expect("load");
    let searches = [
        "déserts médicaux",
        "DESERTS MEDICAUX",
        "\"la ministre de\"",
        "ministre legislature:16",
        "zzz introuvable",
    ];
    // The questions found, in order (scores move a little as the index merges what
    // loads replaced).
    let answers = |store: &QuestionStore| -> Vec<String> {
        searches
            .iter()
            .map(|q| {
                search(store, q)
                    .lines()
                    .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    let loaded = answers(&store);
    assert!(loaded[0].contains("QANR5L16QE8002"), "{}", loaded[0]);
    assert_eq!(loaded[0], loaded[1], "case and accents do not matter");
    assert_eq!(loaded[4], "?uid", "nothing found: {}", loaded[4]);
    let questions = rows(
        &store,
        "SELECT ?uid WHERE { ?q a <https://w3id.org/qe2rdf/ontology#Question> ; <http://purl.org/dc/terms/identifier> ?uid }",
    )
    .len() as u64;
    assert_eq!(store.search_state(), IndexState::Ready { questions });
    // Made anew from the store alone: the same answers.
    assert_eq!(store.rebuild_search().expect("rebuilt"), questions);
    assert_eq!(answers(&store), loaded);
    drop(store);
    // Gone, it says so; a store opened for a load makes it again.
    std::fs::remove_dir_all(folder.join(qe2rdf::store::search::FOLDER)).expect("removed");
    let store = QuestionStore::open(&folder, IriMinter::default()).expect("store");
    assert_eq!(store.search_state(), IndexState::Missing);
    assert!(store.search("ministre", 5, 0).is_err());
    assert_eq!(
        store.prepare_search().expect("ready"),
        qe2rdf::store::search::in_step::Readiness::Built(questions)
    );
    assert_eq!(answers(&store), loaded);
}

/// The rows of a SELECT query, each value written as in N-Triples (`-` when unbound).
fn rows(store: &QuestionStore, sparql: &str) -> Vec<Vec<String>> {
    match store.query(sparql, &QueryOptions::default()) {
        Ok(QueryOutput::Solutions { rows, .. }) => rows
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|t| t.map_or_else(|| "-".to_owned(), |t| t.to_string()))
                    .collect()
            })
            .collect(),
        other => panic!("{sparql}: {other:?}"),
    }
}

const CO_CITATIONS: &str = "PREFIX qe: <https://w3id.org/qe2rdf/ontology#> \
    SELECT ?a ?b ?n ?rank WHERE { SERVICE qe:coCitations { \
    [] qe:firstBody ?a ; qe:secondBody ?b ; qe:questionCount ?n ; qe:rank ?rank } } \
    ORDER BY ?a ?b";

#[test]
fn co_citations_count_what_a_join_of_the_cited_bodies_counts() {
    // Questions citing two to four of a few bodies, so that pairs recur; the generated
    // answers cite others.
    const BODIES: &[&str] = &[
        "la CNIL",
        "la Cour des comptes",
        "l'ANSSI",
        "l'ADEME",
        "la SNCF",
        "l'Agence bio",
    ];
    let dir = tempfile::tempdir().expect("temporary folder");
    let pages = dir.path().join("pages.txt");
    let mut generator = qe2rdf::corpus::CorpusGenerator::new(31);
    let mut rng = qe2rdf::corpus::Rng::new(7);
    let mut text = String::new();
    for _ in 0..300 {
        let mut q = generator.next_question();
        let cited: Vec<&str> = (0..2 + rng.below(3)).map(|_| *rng.pick(BODIES)).collect();
        q.text = format!("Avis de {} sur ce dossier.", cited.join(", de "));
        qe2rdf::corpus::write_text(&q, &mut text);
    }
    std::fs::write(&pages, text).expect("written");
    let graphs: Vec<_> = crate::common::run(&[pages.as_path()])
        .processed
        .into_iter()
        .map(|p| p.graph)
        .collect();
    // One store whose search index answers the service, one without (it counts from
    // the store's triples).
    let plain_folder = dir.path().join("plain");
    let plain = QuestionStore::open(&plain_folder, IriMinter::default()).expect("store");
    plain.load_batch(&graphs).expect("load");
    assert_eq!(plain.search_state(), IndexState::Missing);
    let folder = dir.path().join("store");
    let indexed = QuestionStore::open(&folder, IriMinter::default()).expect("store");
    indexed.prepare_search().expect("ready");
    indexed.load_batch(&graphs).expect("load");
    assert!(matches!(indexed.search_state(), IndexState::Ready { .. }));

    // The pairs counted by SPARQL alone: each question's graph holds its answers.
    let joined = rows(
        &plain,
        "SELECT ?a ?b (COUNT(DISTINCT ?g) AS ?n) WHERE { \
         GRAPH ?g { ?s <http://schema.org/mentions> ?a } \
         GRAPH ?g { ?t <http://schema.org/mentions> ?b } FILTER(STR(?a) < STR(?b)) } \
         GROUP BY ?a ?b ORDER BY ?a ?b",
    );
    assert!(joined.len() > 30, "{} pairs", joined.len());
    assert!(
        joined.iter().any(|r| r[2] != joined[0][2]),
        "counts all alike"
    );
    // The service, from the index and from the store's triples.
    let from_index = rows(&indexed, CO_CITATIONS);
    let from_store = rows(&plain, CO_CITATIONS);
    assert_eq!(from_index, from_store);
    let counts: Vec<Vec<String>> = from_index.iter().map(|r| r[..3].to_vec()).collect();
    assert_eq!(counts, joined);
    // A pair's rank is 1 + the number of pairs cited together more often.
    let count = |r: &[String]| -> u32 {
        let n = r[2]
            .trim_start_matches('"')
            .split('"')
            .next()
            .unwrap_or_default();
        n.parse().unwrap_or_else(|_| panic!("{}", r[2]))
    };
    for r in &from_index {
        let more = from_index.iter().filter(|o| count(o) > count(r)).count();
        assert_eq!(
            r[3],
            format!(
                "\"{}\"^^<http://www.w3.org/2001/XMLSchema#integer>",
                more + 1
            )
        );
    }
    // qe:maxRank keeps the best ranked pairs, ties included.
    let best = rows(
        &indexed,
        &CO_CITATIONS.replace("qe:rank ?rank }", "qe:rank ?rank ; qe:maxRank 3 }"),
    );
    let expected: Vec<Vec<String>> = from_index
        .iter()
        .filter(|r| from_index.iter().filter(|o| count(o) > count(r)).count() < 3)
        .cloned()
        .collect();
    assert!(!best.is_empty());
    assert_eq!(best, expected);

    // The bundled query gives the same table either way, with a body or without.
    let table = |store: &QuestionStore, params: &[String]| {
        bundled_tsv(store, "bodies-cited-together", params)
    };
    let top = table(&indexed, &[]);
    assert_eq!(top, table(&plain, &[]));
    assert_eq!(top.lines().count(), 101, "{top}");
    let body = top
        .lines()
        .nth(1)
        .and_then(|l| l.split('"').nth(1))
        .expect("a body");
    let with_body = [format!("body={body}")];
    let pairs = table(&indexed, &with_body);
    assert_eq!(pairs, table(&plain, &with_body));
    assert!(pairs.lines().count() > 2, "{pairs}");
    assert!(pairs.lines().skip(1).all(|l| l.contains(body)), "{pairs}");
}

#[test]
fn the_co_citation_service_says_what_it_takes() {
    let store = fixture_store();
    for pattern in [
        "[] qe:firstBody ?a ; qe:unknown ?b",
        "[] qe:firstBody <http://example.org/x>",
        "[] qe:firstBody ?a ; qe:secondBody ?a",
        "[] qe:maxRank \"many\"",
        "?p qe:firstBody ?a . ?q qe:secondBody ?b",
        "[] qe:firstBody ?a FILTER(BOUND(?a))",
    ] {
        let sparql = format!(
            "PREFIX qe: <https://w3id.org/qe2rdf/ontology#> SELECT * WHERE {{ SERVICE qe:coCitations {{ {pattern} }} }}"
        );
        let error = store
            .query(&sparql, &QueryOptions::default())
            .expect_err(pattern)
            .to_string();
        assert!(
            error.contains("qe:firstBody, qe:secondBody"),
            "{pattern}: {error}"
        );
    }
}

/// The judged queries of `tests/data/search` (written for this test, over questions
/// written for it): the index must keep finding what a reader judges relevant, plurals,
/// feminine forms, elisions, missing accents, acronyms, phrases and filters included.
#[test]
fn judged_searches_find_what_a_reader_expects() {
    use qe2rdf::store::search::judged;
    let run = crate::common::run(&[data("search/questions.json").as_path()]);
    assert!(run.errors.is_empty(), "{:?}", run.errors);
    let graphs: Vec<_> = run.processed.into_iter().map(|p| p.graph).collect();
    let store = QuestionStore::in_memory(IriMinter::default()).expect("store");
    store.load_batch(&graphs).expect("load");
    let tsv = std::fs::read_to_string(data("search/judged.tsv")).expect("judged");
    let queries = judged::read(&tsv);
    assert!(queries.len() >= 40, "{} judged queries", queries.len());
    let measured = store.judge(&queries).expect("measured");
    let precision = judged::mean(&measured, |m| m.precision_at_5);
    let recall = judged::mean(&measured, |m| m.recall_at_20);
    let failing: Vec<String> = measured
        .iter()
        .filter(|m| m.precision_at_5 < 1.0 || m.recall_at_20 < 1.0)
        .map(|m| {
            format!(
                "{} ({}): P@5 {:.2}, R@20 {:.2}, got {:?}",
                m.judged.query, m.judged.tries, m.precision_at_5, m.recall_at_20, m.answers
            )
        })
        .collect();
    eprintln!(
        "{} judged queries: precision at 5 {precision:.3}, recall at 20 {recall:.3}; still failing:\n{}",
        measured.len(),
        failing.join("\n")
    );
    assert!(precision >= 0.95, "precision at 5 {precision:.3}");
    assert!(recall >= 0.95, "recall at 20 {recall:.3}");
}
