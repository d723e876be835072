//! A total order on terms, triples and quads (Oxigraph's types are not `Ord`), used to sort
//! output so that it is deterministic.

use std::cmp::Ordering;

use oxigraph::model::{
    GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, Triple,
};

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
        .then_with(|| cmp_statement((&a.predicate, &a.object), (&b.predicate, &b.object)))
}

/// Orders what is said of one subject: `rdf:type` first, then by predicate and object.
fn cmp_statement(a: (&NamedNode, &Term), b: (&NamedNode, &Term)) -> Ordering {
    is_not_type(a.0)
        .cmp(&is_not_type(b.0))
        .then_with(|| a.0.as_str().cmp(b.0.as_str()))
        .then_with(|| cmp_term(a.1, b.1))
}

fn is_not_type(predicate: &NamedNode) -> bool {
    predicate.as_ref() != oxigraph::model::vocab::rdf::TYPE
}

/// Triples gathered subject by subject and given back in the order of [`sort_triples`],
/// without duplicates. Sorting the few subjects once, then what is said of each, takes far
/// fewer comparisons of long IRIs than sorting all the triples.
#[derive(Debug, Default)]
pub struct BySubject {
    subjects: Vec<(NamedNode, Vec<(NamedNode, Term)>)>,
}

impl BySubject {
    /// Adds a triple.
    pub fn push(&mut self, subject: &NamedNode, predicate: NamedNodeRef<'_>, object: Term) {
        // Triples come subject after subject: the last one is nearly always the one.
        let i = match self.subjects.iter().rposition(|(s, _)| s == subject) {
            Some(i) => i,
            None => {
                self.subjects.push((subject.clone(), Vec::new()));
                self.subjects.len() - 1
            }
        };
        self.subjects[i].1.push((predicate.into_owned(), object));
    }

    /// The triples, sorted as [`sort_triples`] sorts them, without duplicates.
    #[must_use]
    pub fn into_sorted(mut self) -> Vec<Triple> {
        self.subjects
            .sort_unstable_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        let mut out = Vec::with_capacity(self.subjects.iter().map(|(_, said)| said.len()).sum());
        for (subject, mut said) in self.subjects {
            said.sort_unstable_by(|a, b| cmp_statement((&a.0, &a.1), (&b.0, &b.1)));
            said.dedup();
            out.extend(
                said.into_iter()
                    .map(|(p, o)| Triple::new(subject.clone(), p, o)),
            );
        }
        out
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::vocab::rdf;
    use proptest::prelude::*;

    fn term(k: u8) -> Term {
        match k % 4 {
            0 => NamedNode::new_unchecked(format!("https://example.org/o{}", k / 4)).into(),
            1 => Literal::new_simple_literal(format!("v{}", k / 8)).into(),
            2 => Literal::new_language_tagged_literal_unchecked(format!("v{}", k / 8), "fr").into(),
            _ => Literal::new_typed_literal(
                format!("{}", k / 8),
                oxigraph::model::vocab::xsd::INTEGER,
            )
            .into(),
        }
    }

    proptest! {
        #[test]
        fn gathering_by_subject_gives_the_sorted_triples(
            triples in proptest::collection::vec((0u8..6, 0u8..5, any::<u8>()), 0..60)
        ) {
            let subjects: Vec<NamedNode> = (0..6)
                .map(|i| NamedNode::new_unchecked(format!("https://example.org/id/question/15/QE/{}", 10 - i)))
                .collect();
            let predicate = |k: u8| if k == 0 {
                rdf::TYPE.into_owned()
            } else {
                NamedNode::new_unchecked(format!("https://example.org/p{}", 5 - k))
            };
            let mut gathered = BySubject::default();
            let mut plain = Vec::new();
            for (s, p, o) in triples {
                gathered.push(&subjects[usize::from(s)], predicate(p).as_ref(), term(o));
                plain.push(Triple::new(subjects[usize::from(s)].clone(), predicate(p), term(o)));
            }
            sort_triples(&mut plain);
            prop_assert_eq!(gathered.into_sorted(), plain);
        }
    }
}
