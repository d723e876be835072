//! Reading a resource's triples: the values of a property, the best label of an IRI.

use oxigraph::model::{NamedOrBlankNode, Term, Triple};
use rustc_hash::FxHashMap;

use crate::rdf::vocab::{dcterms, foaf, rdf, rdfs, skos};

/// Triples indexed by subject.
#[derive(Debug, Default)]
pub struct Facts {
    by_subject: FxHashMap<String, Vec<Triple>>,
}

impl Facts {
    /// Facts of these triples.
    #[must_use]
    pub fn new(triples: impl IntoIterator<Item = Triple>) -> Self {
        let mut facts = Self::default();
        facts.extend(triples);
        facts
    }

    /// Adds triples.
    pub fn extend(&mut self, triples: impl IntoIterator<Item = Triple>) {
        for t in triples {
            let key = subject_key(&t.subject);
            self.by_subject.entry(key).or_default().push(t);
        }
    }

    /// Every triple.
    pub fn all(&self) -> impl Iterator<Item = &Triple> {
        self.by_subject.values().flatten()
    }

    /// The triples of `subject`.
    #[must_use]
    pub fn of(&self, subject: &str) -> &[Triple] {
        self.by_subject.get(subject).map_or(&[], Vec::as_slice)
    }

    /// Whether `subject` has any triple.
    #[must_use]
    pub fn has(&self, subject: &str) -> bool {
        !self.of(subject).is_empty()
    }

    /// The objects of `subject`'s triples with `predicate`.
    pub fn objects<'f>(
        &'f self,
        subject: &str,
        predicate: oxigraph::model::NamedNodeRef<'f>,
    ) -> impl Iterator<Item = &'f Term> + 'f {
        self.of(subject)
            .iter()
            .filter(move |t| t.predicate == predicate)
            .map(|t| &t.object)
    }

    /// The IRIs `subject` links to with `predicate`, sorted.
    #[must_use]
    pub fn iris(&self, subject: &str, predicate: oxigraph::model::NamedNodeRef<'_>) -> Vec<String> {
        let mut out: Vec<String> = self
            .objects(subject, predicate)
            .filter_map(|t| match t {
                Term::NamedNode(n) => Some(n.as_str().to_owned()),
                _ => None,
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The literal values of `subject` with `predicate`, French first.
    #[must_use]
    pub fn literals(
        &self,
        subject: &str,
        predicate: oxigraph::model::NamedNodeRef<'_>,
    ) -> Vec<String> {
        let mut found: Vec<(u8, String)> = self
            .objects(subject, predicate)
            .filter_map(|t| match t {
                Term::Literal(l) => Some((
                    match l.language() {
                        Some("fr") => 0,
                        None => 1,
                        Some(_) => 2,
                    },
                    l.value().to_owned(),
                )),
                _ => None,
            })
            .collect();
        found.sort();
        found.dedup();
        found.into_iter().map(|(_, v)| v).collect()
    }

    /// One literal value (French first).
    #[must_use]
    pub fn literal(
        &self,
        subject: &str,
        predicate: oxigraph::model::NamedNodeRef<'_>,
    ) -> Option<String> {
        self.literals(subject, predicate).into_iter().next()
    }

    /// A literal in `lang` when there is one, else French, else any.
    #[must_use]
    pub fn literal_in(
        &self,
        subject: &str,
        predicate: oxigraph::model::NamedNodeRef<'_>,
        lang: &str,
    ) -> Option<String> {
        self.objects(subject, predicate)
            .find_map(|t| match t {
                Term::Literal(l) if l.language() == Some(lang) => Some(l.value().to_owned()),
                _ => None,
            })
            .or_else(|| self.literal(subject, predicate))
    }

    /// Whether `subject` is of type `class`.
    #[must_use]
    pub fn is_a(&self, subject: &str, class: oxigraph::model::NamedNodeRef<'_>) -> bool {
        self.objects(subject, rdf::TYPE)
            .any(|t| matches!(t, Term::NamedNode(n) if n.as_ref() == class))
    }

    /// The label of an IRI for people, in `lang` where the data has one: its preferred
    /// label, name, `rdfs:label`, identifier, or the last part of the IRI.
    #[must_use]
    pub fn label(&self, iri: &str, lang: &str) -> String {
        for predicate in [skos::PREF_LABEL, foaf::NAME, rdfs::LABEL] {
            if let Some(l) = self.literal_in(iri, predicate, lang) {
                return l;
            }
        }
        if let Some(id) = self.literal(iri, dcterms::IDENTIFIER) {
            return id;
        }
        last_part(iri).to_owned()
    }
}

/// The last part of an IRI (after `#` or the last `/`).
#[must_use]
pub fn last_part(iri: &str) -> &str {
    iri.rsplit(['#', '/'])
        .find(|s| !s.is_empty())
        .unwrap_or(iri)
}

fn subject_key(s: &NamedOrBlankNode) -> String {
    match s {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
    }
}
