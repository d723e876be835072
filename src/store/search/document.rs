//! What the search index holds of a question, read from the triples of its graph.
//!
//! The same code reads a question's graph as a load writes it and as the store holds it
//! (for a rebuild or a repair), so the index says the same whichever way it was made.
//! The labels of what the question links to (its rubric, ministries, group, author, cited
//! bodies) live in the shared reference graph: a lookup gives them.

use chrono::NaiveDate;
use oxigraph::model::{Term, Triple};

use crate::model::QuestionId;
use crate::rdf::vocab::{dcterms, qe, rdf, schema};

/// Where a question stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Answered (an answer is published).
    Answered,
    /// Withdrawn (`retirée`).
    Withdrawn,
    /// Closed otherwise (lapsed…).
    Closed,
    /// Waiting for its answer.
    Open,
}

impl Status {
    /// The name the index and the query syntax use (`status:answered`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Answered => "answered",
            Self::Withdrawn => "withdrawn",
            Self::Closed => "closed",
            Self::Open => "open",
        }
    }

    /// A status from its name, in English or French (`answered`, `repondue`…).
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Some(match crate::text::fold(name).as_str() {
            "answered" | "repondue" | "repondu" | "reponse" => Self::Answered,
            "withdrawn" | "retiree" | "retire" => Self::Withdrawn,
            "closed" | "close" | "cloturee" | "caduque" => Self::Closed,
            "open" | "ouverte" | "en attente" | "sans reponse" => Self::Open,
            _ => return None,
        })
    }
}

/// The indexed description of one question.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDocument {
    /// `QANR5L16QE13417`.
    pub uid: String,
    /// Legislature, type and number.
    pub id: QuestionId,
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// Where it stands.
    pub status: Status,
    /// The author's name.
    pub author: Option<String>,
    /// The question's text.
    pub question_text: String,
    /// The answers' texts.
    pub answer_text: String,
    /// Analysis heading, analyses and rubric.
    pub title: String,
    /// Labels of the ministries questioned, assigned and answering.
    pub ministries: Vec<String>,
    /// Labels of the author's group (full and short).
    pub groups: Vec<String>,
    /// Labels of the rubric.
    pub rubrics: Vec<String>,
    /// IRIs of the bodies cited by its texts or its answers'.
    pub bodies: Vec<String>,
    /// Their names and acronyms.
    pub body_labels: Vec<String>,
}

impl SearchDocument {
    /// Reads a question's graph (`triples`); `labels` gives the labels (and names) of an
    /// IRI. `None` when the graph holds no question.
    pub fn from_triples(
        triples: &[Triple],
        labels: &mut dyn FnMut(&str) -> Vec<String>,
    ) -> Option<Self> {
        let question = triples.iter().find_map(|t| {
            (t.predicate == rdf::TYPE && t.object == Term::NamedNode(qe::QUESTION.into_owned()))
                .then(|| t.subject.clone())
        })?;
        let of_question =
            |p: oxigraph::model::NamedNodeRef<'_>| objects(triples, &question, p).into_iter();
        let uid = of_question(dcterms::IDENTIFIER)
            .find_map(literal)?
            .to_owned();
        let id = QuestionId::from_uid(&uid)?;
        let date = of_question(dcterms::ISSUED)
            .find_map(literal)
            .and_then(|d| crate::text::parse_iso_date(d).ok());
        let question_text = of_question(schema::TEXT)
            .filter_map(literal)
            .collect::<Vec<_>>()
            .join("\n");
        let answers: Vec<&Term> = of_question(qe::ANSWER_PROP).collect();
        let answer_text = triples
            .iter()
            .filter(|t| {
                t.predicate == schema::TEXT
                    && answers.iter().any(|a| term_is_subject(a, &t.subject))
            })
            .filter_map(|t| literal(&t.object))
            .collect::<Vec<_>>()
            .join("\n");
        let closure = of_question(qe::CLOSURE_TYPE)
            .find_map(iri)
            .unwrap_or_default();
        let status = if !answers.is_empty() || closure.ends_with("/reponse-publiee") {
            Status::Answered
        } else if closure.ends_with("/retiree") {
            Status::Withdrawn
        } else if closure.is_empty() {
            Status::Open
        } else {
            Status::Closed
        };
        let mut labels_of = |p: oxigraph::model::NamedNodeRef<'_>| -> Vec<String> {
            let mut out: Vec<String> = objects(triples, &question, p)
                .into_iter()
                .filter_map(iri)
                .flat_map(&mut *labels)
                .collect();
            out.dedup();
            out
        };
        let author = labels_of(dcterms::CREATOR).into_iter().next();
        let mut ministries = labels_of(qe::MINISTRY_QUESTIONED);
        ministries.extend(labels_of(qe::MINISTRY_ASSIGNED));
        ministries.sort();
        ministries.dedup();
        let groups = labels_of(qe::AUTHOR_GROUP);
        let rubrics = labels_of(dcterms::SUBJECT);
        let mut title: Vec<String> = of_question(qe::ANALYSIS_HEADING)
            .chain(of_question(qe::ANALYSIS))
            .filter_map(literal)
            .map(str::to_owned)
            .collect();
        title.extend(rubrics.iter().cloned());
        let mut bodies: Vec<String> = triples
            .iter()
            .filter(|t| t.predicate == schema::MENTIONS)
            .filter_map(|t| iri(&t.object))
            .map(str::to_owned)
            .collect();
        bodies.sort();
        bodies.dedup();
        let body_labels = bodies.iter().flat_map(|b| labels(b)).collect();
        Some(Self {
            uid,
            id,
            date,
            status,
            author,
            question_text,
            answer_text,
            title: title.join("\n"),
            ministries,
            groups,
            rubrics,
            bodies,
            body_labels,
        })
    }

    /// Every text of the question, for exact phrases and excerpts: question, answers,
    /// title.
    #[must_use]
    pub fn full_text(&self) -> String {
        let mut parts = Vec::with_capacity(3);
        for part in [&self.question_text, &self.answer_text, &self.title] {
            if !part.is_empty() {
                parts.push(part.as_str());
            }
        }
        parts.join("\n")
    }
}

/// The objects of `subject`'s triples with `predicate`.
fn objects<'t>(
    triples: &'t [Triple],
    subject: &oxigraph::model::NamedOrBlankNode,
    predicate: oxigraph::model::NamedNodeRef<'_>,
) -> Vec<&'t Term> {
    triples
        .iter()
        .filter(|t| t.subject == *subject && t.predicate == predicate)
        .map(|t| &t.object)
        .collect()
}

fn literal(t: &Term) -> Option<&str> {
    match t {
        Term::Literal(l) => Some(l.value()),
        _ => None,
    }
}

fn iri(t: &Term) -> Option<&str> {
    match t {
        Term::NamedNode(n) => Some(n.as_str()),
        _ => None,
    }
}

fn term_is_subject(t: &Term, s: &oxigraph::model::NamedOrBlankNode) -> bool {
    match (t, s) {
        (Term::NamedNode(a), oxigraph::model::NamedOrBlankNode::NamedNode(b)) => a == b,
        _ => false,
    }
}
