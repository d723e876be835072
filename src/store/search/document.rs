//! What the search index holds of a question, read from the triples of its graph.
//!
//! The same code reads a question's graph as a load writes it and as the store holds it
//! (for a rebuild or a repair), so the index says the same whichever way it was made.
//! The labels of what the question links to (its rubric, ministries, group, author, cited
//! bodies) live in the shared reference graph: a lookup gives them.

use chrono::NaiveDate;
use oxigraph::model::{Term, Triple};

use crate::model::QuestionId;
use crate::rdf::vocab::{dcterms, eli_dl, qe, rdf, schema};

/// How a question links to a resource. The index keeps each link as `"{role} {iri}"`, so
/// that the questions of a deputy, a ministry, a rubric… are found and counted at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Its author (`dcterms:creator`).
    Author,
    /// The author's group (`qe:authorGroup`).
    Group,
    /// The author's constituency (`qe:authorConstituency`, `qe:authorRegion`).
    Place,
    /// A ministry questioned (`qe:ministryQuestioned`).
    Questioned,
    /// A ministry assigned (`qe:ministryAssigned`).
    Assigned,
    /// A ministry it was attributed to at some time (`qe:attributedTo`).
    Attributed,
    /// The ministry that answered (its answer step's participant).
    Answering,
    /// Its rubric (`dcterms:subject`).
    Rubric,
    /// A body its texts or its answers' cite (`schema:mentions`).
    Body,
    /// Its legislature (`qe:legislature`).
    Legislature,
}

impl Role {
    /// Every role.
    pub const ALL: [Self; 10] = [
        Self::Author,
        Self::Group,
        Self::Place,
        Self::Questioned,
        Self::Assigned,
        Self::Attributed,
        Self::Answering,
        Self::Rubric,
        Self::Body,
        Self::Legislature,
    ];

    /// The roles of a ministry.
    pub const MINISTRY: [Self; 4] = [
        Self::Questioned,
        Self::Assigned,
        Self::Attributed,
        Self::Answering,
    ];

    /// Its name in the index.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Author => "author",
            Self::Group => "group",
            Self::Place => "place",
            Self::Questioned => "questioned",
            Self::Assigned => "assigned",
            Self::Attributed => "attributed",
            Self::Answering => "answering",
            Self::Rubric => "rubric",
            Self::Body => "body",
            Self::Legislature => "legislature",
        }
    }

    /// A role from its name.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The link of `iri` in this role, as the index keeps it.
    #[must_use]
    pub fn link(self, iri: &str) -> String {
        format!("{} {iri}", self.code())
    }
}

/// A link as the index keeps it, read back: its role and IRI.
#[must_use]
pub fn parse_link(link: &str) -> Option<(Role, &str)> {
    let (code, iri) = link.split_once(' ')?;
    Some((Role::from_code(code)?, iri))
}

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

    /// The status of a question that has answers or not and this closure kind (the IRI of
    /// its `qe:closureType`, empty when it has none).
    #[must_use]
    pub fn of(answered: bool, closure: &str) -> Self {
        if answered || closure.ends_with("/reponse-publiee") {
            Self::Answered
        } else if closure.ends_with("/retiree") {
            Self::Withdrawn
        } else if closure.is_empty() {
            Self::Open
        } else {
            Self::Closed
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
    /// Its analysis heading (or first analysis, or rubric), to list it by.
    pub heading: Option<String>,
    /// When its (first) answer was published.
    pub answered: Option<NaiveDate>,
    /// What it links to, each as `"{role} {iri}"` ([`Role::link`]), sorted.
    pub links: Vec<String>,
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
        let status = Status::of(!answers.is_empty(), closure);
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
        let heading = of_question(qe::ANALYSIS_HEADING)
            .chain(of_question(qe::ANALYSIS))
            .find_map(literal)
            .map(str::to_owned)
            .or_else(|| rubrics.first().cloned());
        let answered = answers
            .iter()
            .flat_map(|a| {
                triples.iter().filter(move |t| {
                    t.predicate == dcterms::ISSUED && term_is_subject(a, &t.subject)
                })
            })
            .filter_map(|t| literal(&t.object))
            .filter_map(|d| crate::text::parse_iso_date(d).ok())
            .min();
        let links = links_of(triples, &question, &bodies);
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
            heading,
            answered,
            links,
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

/// What a question links to, as the index keeps it ([`Role::link`]).
fn links_of(
    triples: &[Triple],
    question: &oxigraph::model::NamedOrBlankNode,
    bodies: &[String],
) -> Vec<String> {
    let mut links: Vec<String> = Vec::new();
    for (role, predicate) in [
        (Role::Author, dcterms::CREATOR),
        (Role::Group, qe::AUTHOR_GROUP),
        (Role::Place, qe::AUTHOR_CONSTITUENCY),
        (Role::Place, qe::AUTHOR_REGION),
        (Role::Questioned, qe::MINISTRY_QUESTIONED),
        (Role::Assigned, qe::MINISTRY_ASSIGNED),
        (Role::Attributed, qe::ATTRIBUTED_TO),
        (Role::Rubric, dcterms::SUBJECT),
        (Role::Legislature, qe::LEGISLATURE_PROP),
    ] {
        links.extend(
            objects(triples, question, predicate)
                .into_iter()
                .filter_map(iri)
                .map(|i| role.link(i)),
        );
    }
    // The answering ministry: the participant of the answer step's `repondant` role.
    let answering = triples.iter().filter(|t| {
        t.predicate == eli_dl::PARTICIPATION_ROLE
            && iri(&t.object).is_some_and(|r| r.ends_with("/role/repondant"))
    });
    for role in answering {
        links.extend(
            objects(triples, &role.subject, eli_dl::HAD_PARTICIPANT_ORGANIZATION)
                .into_iter()
                .filter_map(iri)
                .map(|i| Role::Answering.link(i)),
        );
    }
    links.extend(bodies.iter().map(|b| Role::Body.link(b)));
    links.sort();
    links.dedup();
    links
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
