//! The graph against its declarations: every `qe:` term the mapping uses is declared in
//! `ontology/qe.ttl`, every controlled concept in `ontology/vocab.ttl` (with the same
//! label), and every SHACL shape holds on the output of every fixture.

use std::collections::{BTreeSet, HashMap};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Term, Triple};
use qe2rdf::rdf::vocab::{VOCAB, qe};
use qe2rdf::rdf::{IriMinter, QuestionGraph};
use qe2rdf::store::QuestionStore;
use qe2rdf::store::shacl::Shapes;

use crate::common::run_rel;

fn parse(path: &str) -> Vec<Triple> {
    let text = std::fs::read_to_string(path).expect("ontology file");
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(text.as_bytes())
        .map(|q| Triple::from(q.expect("valid Turtle")))
        .collect()
}

fn fixture_graphs() -> Vec<QuestionGraph> {
    let run = run_rel(&["examples", "tests/data/variants", "tests/data/opendata"]);
    assert!(run.errors.is_empty(), "{:?}", run.errors);
    assert!(run.processed.len() >= 20);
    run.processed.into_iter().map(|p| p.graph).collect()
}

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

#[test]
fn every_qe_term_used_is_declared_with_labels_in_both_languages() {
    let ontology = parse("ontology/qe.ttl");
    let mut declared: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut labels: HashMap<String, BTreeSet<String>> = HashMap::new();
    for t in &ontology {
        let s = t.subject.to_string().trim_matches(['<', '>']).to_owned();
        if t.predicate.as_str() == RDF_TYPE {
            declared
                .entry(s.clone())
                .or_default()
                .insert(t.object.to_string());
        }
        if t.predicate.as_str() == "http://www.w3.org/2000/01/rdf-schema#label" {
            if let Term::Literal(l) = &t.object {
                labels
                    .entry(s)
                    .or_default()
                    .insert(l.language().unwrap_or("").to_owned());
            }
        }
    }
    let mut used: BTreeSet<String> = qe::ALL.iter().map(|t| t.as_str().to_owned()).collect();
    for g in fixture_graphs() {
        for t in g.triples.iter().chain(&g.reference) {
            for term in [
                t.predicate.as_str().to_owned(),
                t.object.to_string().trim_matches(['<', '>']).to_owned(),
            ] {
                if term.starts_with(qe::NS) {
                    used.insert(term);
                }
            }
        }
    }
    for term in &used {
        assert!(
            declared.contains_key(term),
            "{term} is used but not declared in ontology/qe.ttl"
        );
        let langs = labels.get(term).cloned().unwrap_or_default();
        assert!(
            langs.contains("fr") && langs.contains("en"),
            "{term} lacks a French or English label"
        );
    }
}

#[test]
fn every_concept_used_is_in_vocab_ttl_with_the_same_label() {
    let vocab = parse("ontology/vocab.ttl");
    let mut pref: HashMap<String, String> = HashMap::new();
    for t in &vocab {
        if t.predicate.as_str() == "http://www.w3.org/2004/02/skos/core#prefLabel" {
            if let Term::Literal(l) = &t.object {
                if l.language() == Some("fr") {
                    pref.insert(
                        t.subject.to_string().trim_matches(['<', '>']).to_owned(),
                        l.value().to_owned(),
                    );
                }
            }
        }
    }
    let mut checked = 0;
    for g in fixture_graphs() {
        for t in &g.reference {
            let s = t.subject.to_string().trim_matches(['<', '>']).to_owned();
            if !s.starts_with(VOCAB)
                || t.predicate.as_str() != "http://www.w3.org/2004/02/skos/core#prefLabel"
            {
                continue;
            }
            // Closure reasons outside the known list are minted with the label the source gave.
            if s.contains("/motif-cloture/") && !pref.contains_key(&s) {
                continue;
            }
            let Term::Literal(l) = &t.object else {
                panic!("label of {s} is not a literal")
            };
            assert_eq!(
                pref.get(&s).map(String::as_str),
                Some(l.value()),
                "{s}: label differs from ontology/vocab.ttl"
            );
            checked += 1;
        }
    }
    assert!(checked > 20);
    // And every category of cited bodies the model knows is declared.
    for c in qe2rdf::model::EntityCategory::ALL {
        let iri = format!("{VOCAB}categorie-entite/{}", c.slug());
        assert_eq!(
            pref.get(&iri).map(String::as_str),
            Some(c.label_fr()),
            "{iri}"
        );
    }
}

#[test]
fn every_shape_holds_on_every_fixture() {
    let shapes = Shapes::builtin().expect("shapes");
    let store = QuestionStore::in_memory(IriMinter::default()).expect("store");
    store.load_batch(&fixture_graphs()).expect("load");
    let report = shapes.validate(&store).expect("validate");
    let shown: Vec<String> = report.results.iter().map(ToString::to_string).collect();
    assert!(report.conforms(), "{}", shown.join("\n"));
    assert!(report.results.is_empty(), "{}", shown.join("\n"));
}

#[test]
fn validation_catches_a_broken_graph() {
    let mut graphs = fixture_graphs();
    let g = &mut graphs[0];
    let question = g
        .triples
        .iter()
        .find(|t| t.predicate.as_str() == "http://purl.org/dc/terms/identifier")
        .expect("uid")
        .subject
        .clone();
    g.triples.push(Triple::new(
        question.clone(),
        qe::JO_PAGE,
        qe2rdf::rdf::integer(0),
    ));
    g.triples.push(Triple::new(
        question,
        qe::CLOSURE_TYPE,
        oxigraph::model::NamedNode::new_unchecked("https://example.org/not-a-closure"),
    ));
    let store = QuestionStore::in_memory(IriMinter::default()).expect("store");
    store.load_batch(&graphs).expect("load");
    let report = Shapes::builtin()
        .expect("shapes")
        .validate(&store)
        .expect("validate");
    let components: BTreeSet<&str> = report
        .results
        .iter()
        .map(|r| r.component.as_str())
        .collect();
    assert!(
        components.contains("sh:MinInclusiveConstraintComponent"),
        "{components:?}"
    );
    assert!(
        components.contains("sh:InConstraintComponent"),
        "{components:?}"
    );
    assert!(
        components.contains("sh:MaxCountConstraintComponent"),
        "{components:?}"
    );
    assert!(!report.conforms());
}
