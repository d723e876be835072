//! A total order on terms, triples and quads (Oxigraph's types are not `Ord`), used to sort
//! output so that it is deterministic.

use std::cmp::Ordering;

use oxigraph::model::{GraphName, Literal, NamedOrBlankNode, Quad, Term, Triple};

fn rank_term(t: &Term) -> u8 {
    match t {
        Term::NamedNode(_) => 0,
        Term::BlankNode(_) => 1,
        Term::Literal(_) => 2,
        #[allow(unreachable_patterns)]
        _ => 3,
    }
}

fn cmp_literal(a: &Literal, b: &Literal) -> Ordering {
    a.value()
        .cmp(b.value())
        .then_with(|| a.datatype().as_str().cmp(b.datatype().as_str()))
        .then_with(|| a.language().cmp(&b.language()))
}

/// Orders terms: IRIs, then blank nodes, then literals (by value, datatype, language).
#[must_use]
pub fn cmp_term(a: &Term, b: &Term) -> Ordering {
    match (a, b) {
        (Term::NamedNode(x), Term::NamedNode(y)) => x.as_str().cmp(y.as_str()),
        (Term::BlankNode(x), Term::BlankNode(y)) => x.as_str().cmp(y.as_str()),
        (Term::Literal(x), Term::Literal(y)) => cmp_literal(x, y),
        _ => rank_term(a)
            .cmp(&rank_term(b))
            .then_with(|| a.to_string().cmp(&b.to_string())),
    }
}

/// Orders subjects: IRIs, then blank nodes.
#[must_use]
pub fn cmp_subject(a: &NamedOrBlankNode, b: &NamedOrBlankNode) -> Ordering {
    match (a, b) {
        (NamedOrBlankNode::NamedNode(x), NamedOrBlankNode::NamedNode(y)) => {
            x.as_str().cmp(y.as_str())
        }
        (NamedOrBlankNode::BlankNode(x), NamedOrBlankNode::BlankNode(y)) => {
            x.as_str().cmp(y.as_str())
        }
        (NamedOrBlankNode::NamedNode(_), _) => Ordering::Less,
        (_, NamedOrBlankNode::NamedNode(_)) => Ordering::Greater,
    }
}

/// Orders triples by subject, then `rdf:type` first, then by predicate and object.
#[must_use]
pub fn cmp_triple(a: &Triple, b: &Triple) -> Ordering {
    cmp_subject(&a.subject, &b.subject)
        .then_with(|| is_not_type(a).cmp(&is_not_type(b)))
        .then_with(|| a.predicate.as_str().cmp(b.predicate.as_str()))
        .then_with(|| cmp_term(&a.object, &b.object))
}

fn is_not_type(t: &Triple) -> bool {
    t.predicate.as_str() != "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
}

fn graph_key(g: &GraphName) -> (u8, &str) {
    match g {
        GraphName::DefaultGraph => (0, ""),
        GraphName::NamedNode(n) => (1, n.as_str()),
        GraphName::BlankNode(b) => (2, b.as_str()),
    }
}

/// Orders quads by graph, then as triples.
#[must_use]
pub fn cmp_quad(a: &Quad, b: &Quad) -> Ordering {
    graph_key(&a.graph_name)
        .cmp(&graph_key(&b.graph_name))
        .then_with(|| cmp_subject(&a.subject, &b.subject))
        .then_with(|| a.predicate.as_str().cmp(b.predicate.as_str()))
        .then_with(|| cmp_term(&a.object, &b.object))
}

/// Sorts triples and removes duplicates. ([`cmp_triple`] tells apart any two different
/// triples, so an unstable sort gives the same order.)
pub fn sort_triples(triples: &mut Vec<Triple>) {
    triples.sort_unstable_by(cmp_triple);
    triples.dedup();
}
