//! The same question as page text and as open data (JSON, legacy XML) ends up as the same
//! graph for the fields both carry: same IRIs for the question, its author, group,
//! constituency and ministries, same values.

use std::collections::BTreeSet;

use oxigraph::model::{NamedOrBlankNode, Term, Triple};

use crate::common::run_rel;

/// The facts compared: predicates of the question node, and of the nodes it links to.
const QUESTION_PREDICATES: &[&str] = &[
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://purl.org/dc/terms/identifier",
    "http://purl.org/dc/terms/creator",
    "http://purl.org/dc/terms/subject",
    "http://purl.org/dc/terms/issued",
    "http://schema.org/text",
    "http://schema.org/mentions",
    "https://w3id.org/qe2rdf/ontology#number",
    "https://w3id.org/qe2rdf/ontology#legislature",
    "https://w3id.org/qe2rdf/ontology#authorGroup",
    "https://w3id.org/qe2rdf/ontology#authorConstituency",
    "https://w3id.org/qe2rdf/ontology#ministryQuestioned",
    "https://w3id.org/qe2rdf/ontology#ministryAssigned",
    "https://w3id.org/qe2rdf/ontology#analysisHeading",
    "https://w3id.org/qe2rdf/ontology#analysis",
    "https://w3id.org/qe2rdf/ontology#joPage",
    "https://w3id.org/qe2rdf/ontology#attributionChanged",
    "https://w3id.org/qe2rdf/ontology#signalled",
    "https://w3id.org/qe2rdf/ontology#renewed",
    "https://w3id.org/qe2rdf/ontology#closureType",
    "https://w3id.org/qe2rdf/ontology#closureDate",
    "https://w3id.org/qe2rdf/ontology#answer",
    "https://w3id.org/qe2rdf/ontology#answerDelayDays",
    "https://w3id.org/qe2rdf/ontology#erratum",
];
const LINKED_PREDICATES: &[&str] = &[
    "http://xmlns.com/foaf/0.1/name",
    "http://purl.org/dc/terms/identifier",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/issued",
    "http://schema.org/text",
    "https://w3id.org/qe2rdf/ontology#joPage",
];

fn facts(path: &str) -> BTreeSet<String> {
    let run = run_rel(&[path]);
    assert!(run.errors.is_empty(), "{path}: {:?}", run.errors);
    assert_eq!(run.processed.len(), 1, "{path}");
    let all: Vec<Triple> = run.processed[0].graph.all_triples();
    let question = all
        .iter()
        .find(|t| {
            t.predicate.as_str() == "https://w3id.org/qe2rdf/ontology#number"
                && t.subject.to_string().contains("/question/")
        })
        .expect("question")
        .subject
        .clone();
    let mut out = BTreeSet::new();
    let mut linked: std::collections::HashSet<NamedOrBlankNode> = std::collections::HashSet::new();
    for t in all
        .iter()
        .filter(|t| t.subject == question && QUESTION_PREDICATES.contains(&t.predicate.as_str()))
    {
        out.insert(format!("{t}"));
        if let Term::NamedNode(n) = &t.object {
            linked.insert(n.clone().into());
        }
    }
    for t in all.iter().filter(|t| {
        linked.contains(&t.subject) && LINKED_PREDICATES.contains(&t.predicate.as_str())
    }) {
        out.insert(format!("{t}"));
    }
    out
}

fn assert_same(text: &str, open_data: &str) {
    let a = facts(text);
    let b = facts(open_data);
    let only_text: Vec<&String> = a.difference(&b).collect();
    let only_data: Vec<&String> = b.difference(&a).collect();
    assert!(
        only_text.is_empty() && only_data.is_empty(),
        "{text} vs {open_data}\nonly in the text:\n{only_text:#?}\nonly in the open data:\n{only_data:#?}"
    );
    assert!(a.len() > 25, "too few facts compared: {}", a.len());
}

#[test]
fn page_text_and_open_data_json_give_the_same_graph() {
    assert_same(
        "examples/question-16-QE-99001.txt",
        "tests/data/opendata/question-16-QE-99001.json",
    );
}

#[test]
fn page_text_and_legacy_xml_give_the_same_graph() {
    assert_same(
        "tests/data/variants/classic-all-dates.txt",
        "tests/data/opendata/question-14-QE-47400.xml",
    );
}

#[test]
fn a_dump_gives_every_field_of_the_schema() {
    let run = run_rel(&["tests/data/opendata/dump.json"]);
    assert!(run.errors.is_empty(), "{:?}", run.errors);
    let qs: Vec<&qe2rdf::Question> = run.processed.iter().map(|p| &p.question).collect();
    assert_eq!(qs.len(), 3);
    let q = qs[0];
    assert_eq!(q.analyses, ["installation", "zones sous-denses"]);
    assert_eq!(q.attributions.len(), 2);
    assert_eq!(
        q.ministry_assigned.as_ref().map(|m| m.label.as_str()),
        Some("Organisation territoriale et professions de santé")
    );
    assert_eq!(q.errata.len(), 1);
    assert_eq!(q.signalled.len(), 1);
    assert_eq!(q.renewed.len(), 2);
    assert_eq!(
        q.author.as_ref().map(|a| a.name.as_str()),
        Some("Jérôme Guedj"),
        "named from the reference tables"
    );
    let qg = qs[1];
    assert_eq!(
        qg.published.map(|p| p.date.to_string()).as_deref(),
        Some("2022-11-16"),
        "a QG is published with its sitting"
    );
    assert_eq!(
        qg.answer
            .as_ref()
            .and_then(|a| a.published)
            .and_then(|p| p.page),
        Some(5501),
        "page taken from the closure"
    );
    assert!(
        qg.answer
            .as_ref()
            .and_then(|a| a.text.as_deref())
            .is_some_and(|t| t.starts_with("PRIX DE L'ÉLECTRICITÉ\nMme la présidente."))
    );
    let withdrawn = qs[2];
    let closure = withdrawn.closure.as_ref().expect("closure");
    assert_eq!(
        (closure.kind, closure.reason.as_deref()),
        (qe2rdf::model::ClosureKind::Withdrawn, Some("fin de mandat"))
    );
    assert!(
        run.warnings.iter().any(|w| w
            .to_string()
            .contains("$.questions.question[2].champInconnu")),
        "unknown keys are reported"
    );
}

#[test]
fn a_zipped_dump_is_read_in_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zip_path = dir.path().join("dump.zip");
    let file = std::fs::File::create(&zip_path).expect("zip");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("json/dump.json", options).expect("member");
    std::io::Write::write_all(
        &mut zip,
        &std::fs::read("tests/data/opendata/dump.json").expect("dump"),
    )
    .expect("write");
    zip.start_file("json/QANR5L16QE99001.json", options)
        .expect("member");
    std::io::Write::write_all(
        &mut zip,
        &std::fs::read("tests/data/opendata/question-16-QE-99001.json").expect("q"),
    )
    .expect("write");
    zip.finish().expect("finish");
    let run = crate::common::run(&[&zip_path]);
    assert!(run.errors.is_empty(), "{:?}", run.errors);
    assert_eq!(run.processed.len(), 4);
    assert_eq!(
        run.processed[3].question.source.member.as_deref(),
        Some("json/QANR5L16QE99001.json")
    );
}
