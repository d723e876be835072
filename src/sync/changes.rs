//! What changed in a question between two syncs, and how the change log says it: one
//! ActivityStreams 2.0 activity per new or changed question, in the graph `{base}changes`.

use std::collections::HashSet;

use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple};

use crate::model::QuestionId;
use crate::rdf::vocab::{activity, dcterms, prov, qe, rdf, schema};
use crate::rdf::{IriMinter, fr};

/// A kind of change (the concepts of `ontology/vocab.ttl`, scheme `changement`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A question not seen before.
    NewQuestion,
    /// An answer was published.
    NewAnswer,
    /// The answer's text changed.
    AnswerChanged,
    /// The question was closed (or its closure changed).
    Closure,
    /// The ministry in charge changed.
    MinistryChange,
    /// The question's text changed.
    NewText,
    /// A reminder (signalement) or a renewal.
    Reminder,
    /// Rubric, analysis heading or analyses changed.
    Indexing,
    /// Anything else.
    Other,
}

impl ChangeKind {
    /// The concept's last path segment.
    #[must_use]
    pub const fn slug(self) -> &'static str {
        match self {
            Self::NewQuestion => "nouvelle-question",
            Self::NewAnswer => "nouvelle-reponse",
            Self::AnswerChanged => "reponse-modifiee",
            Self::Closure => "cloture",
            Self::MinistryChange => "changement-ministere",
            Self::NewText => "nouveau-texte",
            Self::Reminder => "signalement-renouvellement",
            Self::Indexing => "indexation",
            Self::Other => "autre",
        }
    }

    /// Its French label.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::NewQuestion => "nouvelle question",
            Self::NewAnswer => "nouvelle réponse",
            Self::AnswerChanged => "réponse modifiée",
            Self::Closure => "clôture",
            Self::MinistryChange => "changement de ministère",
            Self::NewText => "nouveau texte de la question",
            Self::Reminder => "signalement ou renouvellement",
            Self::Indexing => "indexation modifiée",
            Self::Other => "autre changement",
        }
    }
}

/// The objects of `subject` for `predicate` in `triples`.
fn objects<'t>(
    triples: &'t [Triple],
    subject: &NamedOrBlankNode,
    predicate: NamedNodeRef<'_>,
) -> HashSet<&'t Term> {
    triples
        .iter()
        .filter(|t| t.subject == *subject && t.predicate == predicate)
        .map(|t| &t.object)
        .collect()
}

/// The texts of the answers a question's triples hold.
fn answer_texts<'t>(triples: &'t [Triple], question: &NamedOrBlankNode) -> HashSet<&'t Term> {
    let answers = objects(triples, question, qe::ANSWER_PROP);
    triples
        .iter()
        .filter(|t| {
            t.predicate == schema::TEXT
                && answers.iter().any(|a| matches!((a, &t.subject), (Term::NamedNode(a), NamedOrBlankNode::NamedNode(s)) if a == s))
        })
        .map(|t| &t.object)
        .collect()
}

/// What changed from the old graph of a question to the new one (`old`: none for a new
/// question). Never empty.
#[must_use]
pub fn kinds(question: &NamedNode, old: Option<&[Triple]>, new: &[Triple]) -> Vec<ChangeKind> {
    let Some(old) = old else {
        return vec![ChangeKind::NewQuestion];
    };
    let q: NamedOrBlankNode = question.clone().into();
    let differ = |p: NamedNodeRef<'_>| objects(old, &q, p) != objects(new, &q, p);
    let mut found = Vec::new();
    let (old_answers, new_answers) = (
        objects(old, &q, qe::ANSWER_PROP),
        objects(new, &q, qe::ANSWER_PROP),
    );
    if old_answers.is_empty() && !new_answers.is_empty() {
        found.push(ChangeKind::NewAnswer);
    } else if answer_texts(old, &q) != answer_texts(new, &q) {
        found.push(ChangeKind::AnswerChanged);
    }
    if differ(qe::CLOSURE_TYPE) || differ(qe::CLOSURE_DATE) || differ(qe::CLOSURE_REASON) {
        found.push(ChangeKind::Closure);
    }
    if differ(qe::MINISTRY_ASSIGNED) || differ(qe::ATTRIBUTION_CHANGED) {
        found.push(ChangeKind::MinistryChange);
    }
    if differ(schema::TEXT) {
        found.push(ChangeKind::NewText);
    }
    if differ(qe::SIGNALLED) || differ(qe::RENEWED) {
        found.push(ChangeKind::Reminder);
    }
    if differ(dcterms::SUBJECT) || differ(qe::ANALYSIS) || differ(qe::ANALYSIS_HEADING) {
        found.push(ChangeKind::Indexing);
    }
    if found.is_empty() {
        found.push(ChangeKind::Other);
    }
    found
}

/// The activity of the change log for one new or changed question, at `time` (ISO 8601,
/// UTC) — triples of the graph `{base}changes`.
#[must_use]
pub fn activity_triples(
    minter: &IriMinter,
    id: &QuestionId,
    stamp: &str,
    time: &str,
    kinds: &[ChangeKind],
) -> Vec<Triple> {
    let node = minter.change(stamp, id);
    let at = oxigraph::model::Literal::new_typed_literal(time, crate::rdf::vocab::xsd::DATE_TIME);
    let class = if kinds.contains(&ChangeKind::NewQuestion) {
        activity::CREATE
    } else {
        activity::UPDATE
    };
    let summary = kinds
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join(", ");
    let mut triples = vec![
        Triple::new(node.clone(), rdf::TYPE, class.into_owned()),
        Triple::new(node.clone(), rdf::TYPE, prov::ACTIVITY.into_owned()),
        Triple::new(node.clone(), activity::OBJECT, minter.question(id)),
        Triple::new(node.clone(), activity::PUBLISHED, at),
        Triple::new(
            node.clone(),
            activity::SUMMARY,
            fr(&format!("{} : {summary}", id.uid())),
        ),
    ];
    for kind in kinds {
        let concept = change_kind(kind);
        triples.push(Triple::new(node.clone(), qe::CHANGE_KIND, concept.clone()));
        // The concept's description, for queries of the log alone.
        triples.push(Triple::new(
            concept.clone(),
            rdf::TYPE,
            crate::rdf::vocab::skos::CONCEPT.into_owned(),
        ));
        triples.push(Triple::new(
            concept.clone(),
            crate::rdf::vocab::skos::PREF_LABEL,
            fr(kind.label()),
        ));
        triples.push(Triple::new(
            concept,
            crate::rdf::vocab::skos::IN_SCHEME,
            NamedNode::new_unchecked(format!("{}changement", crate::rdf::vocab::VOCAB)),
        ));
    }
    triples
}

/// The concept of a kind of change.
#[must_use]
pub fn change_kind(kind: &ChangeKind) -> NamedNode {
    NamedNode::new_unchecked(format!(
        "{}changement/{}",
        crate::rdf::vocab::VOCAB,
        kind.slug()
    ))
}
