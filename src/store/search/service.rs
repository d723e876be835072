//! The store's `qe:search` service: the search index in SPARQL, joined with any other
//! pattern.
//!
//! ```sparql
//! SERVICE qe:search {
//!   [] qe:query "fermeture école rurale legislature:16" ;
//!      qe:question ?q ; qe:score ?score ; qe:snippet ?excerpt ; qe:uid ?uid ;
//!      qe:limit 100
//! }
//! ```
//!
//! binds one solution per question matching the query (the syntax of
//! [`super::query`]), best first: the question's IRI, its BM25 score, an excerpt where the
//! words are highlighted (between `**`), its identifier. `qe:query` takes a literal or a
//! variable bound before the service (a parameter of a bundled query); `qe:limit` keeps the
//! best N (10 000 by default). Any of the bound properties may be left out; asking for no
//! excerpt spares reading the texts.

use std::sync::Arc;

use oxigraph::model::{BlankNode, Literal, Term, Variable};
use oxigraph::sparql::{QueryEvaluationError, QuerySolution, QuerySolutionIter, ServiceHandler};
use oxiri::Iri;
use spargebra::algebra::GraphPattern;
use spargebra::term::TermPattern;

use super::in_step::SearchHandle;
use super::query;
use crate::model::QuestionId;
use crate::rdf::IriMinter;
use crate::rdf::vocab::xsd;
use crate::store::{service_error, service_pattern};

/// The service's IRI.
pub const SEARCH_SERVICE: &str = "https://w3id.org/qe2rdf/ontology#search";
/// Its query (a literal).
pub const QUERY: &str = "https://w3id.org/qe2rdf/ontology#query";
/// Binds the question.
pub const QUESTION: &str = "https://w3id.org/qe2rdf/ontology#question";
/// Binds the score.
pub const SCORE: &str = "https://w3id.org/qe2rdf/ontology#score";
/// Binds the excerpt.
pub const SNIPPET: &str = "https://w3id.org/qe2rdf/ontology#snippet";
/// Binds the identifier.
pub const UID: &str = "https://w3id.org/qe2rdf/ontology#uid";
/// How many results at most (an integer).
pub const LIMIT: &str = "https://w3id.org/qe2rdf/ontology#limit";

/// Results given when the pattern sets no `qe:limit`.
const DEFAULT_LIMIT: usize = 10_000;

/// What the service binds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Hit,
    Question,
    Score,
    Snippet,
    Uid,
}

/// The `qe:search` service of one store.
pub struct SearchService {
    search: Arc<SearchHandle>,
    minter: IriMinter,
}

impl SearchService {
    /// The service over a store's index; question IRIs are minted with `minter`.
    #[must_use]
    pub fn new(search: Arc<SearchHandle>, minter: IriMinter) -> Self {
        Self { search, minter }
    }
}

fn usage() -> String {
    format!(
        "SERVICE <{SEARCH_SERVICE}> takes triple patterns of one subject: qe:query with a \
         literal (the search), qe:limit with an integer, and qe:question, qe:score, \
         qe:snippet, qe:uid each with its own variable"
    )
}

/// What a pattern asks for.
struct Request {
    query: String,
    limit: usize,
    fields: Vec<(Variable, Field)>,
}

fn request(pattern: &GraphPattern) -> Result<Request, QueryEvaluationError> {
    let read = service_pattern::read(pattern, &usage)?;
    let mut query = None;
    let mut limit = DEFAULT_LIMIT;
    let mut fields: Vec<(Variable, Field)> = Vec::new();
    if let Some(v) = read.subject {
        fields.push((v.clone(), Field::Hit));
    }
    for (p, object) in read.triples {
        match p.as_str() {
            QUERY => match object {
                TermPattern::Literal(l) => query = Some(l.value().to_owned()),
                other => {
                    return Err(service_error(format!(
                        "{}; qe:query needs a literal (or a variable bound before the service), got {other}",
                        usage()
                    )));
                }
            },
            LIMIT => {
                let TermPattern::Literal(l) = object else {
                    return Err(service_error(format!(
                        "{}; got {object} for qe:limit",
                        usage()
                    )));
                };
                limit = l
                    .value()
                    .parse()
                    .map_err(|_| service_error(format!("{}; got {l} for qe:limit", usage())))?;
            }
            other => {
                let field = match other {
                    QUESTION => Field::Question,
                    SCORE => Field::Score,
                    SNIPPET => Field::Snippet,
                    UID => Field::Uid,
                    _ => return Err(service_error(format!("{}; got {p}", usage()))),
                };
                service_pattern::add_output(&mut fields, field, object, &usage)?;
            }
        }
    }
    let query = query.ok_or_else(|| service_error(format!("{}; qe:query is missing", usage())))?;
    Ok(Request {
        query,
        limit,
        fields,
    })
}

impl ServiceHandler for SearchService {
    type Error = QueryEvaluationError;

    fn handle(
        &self,
        pattern: &GraphPattern,
        _base_iri: Option<&Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, Self::Error> {
        let Request {
            query,
            limit,
            fields,
        } = request(pattern)?;
        let index = self.search.index().ok_or_else(|| {
            service_error("the store has no search index: run `qe2rdf index --rebuild` (a load also makes it)".into())
        })?;
        let parsed = query::parse(&query).map_err(|e| service_error(e.to_string()))?;
        let with_snippet = fields.iter().any(|(_, f)| *f == Field::Snippet);
        // (uid, score, excerpt)
        let rows: Vec<(String, f32, Option<String>)> = if with_snippet {
            index
                .search_parsed(&parsed, limit, 0)
                .map_err(|e| service_error(e.to_string()))?
                .hits
                .into_iter()
                .map(|h| (h.uid, h.score, Some(h.snippet)))
                .collect()
        } else {
            index
                .matching(&parsed, limit)
                .map_err(|e| service_error(e.to_string()))?
                .into_iter()
                .map(|(uid, score)| (uid, score, None))
                .collect()
        };
        let variables: Arc<[Variable]> = fields.iter().map(|(v, _)| v.clone()).collect();
        let minter = self.minter.clone();
        let solutions = rows.into_iter().map({
            let variables = Arc::clone(&variables);
            move |(uid, score, snippet)| {
                let iri = QuestionId::from_uid(&uid).map(|id| minter.question(&id));
                let values: Vec<Option<Term>> = fields
                    .iter()
                    .map(|(_, field)| match field {
                        Field::Hit => Some(BlankNode::default().into()),
                        Field::Question => iri.clone().map(Term::from),
                        Field::Score => Some(
                            Literal::new_typed_literal(format!("{score:.3}"), xsd::DECIMAL).into(),
                        ),
                        Field::Snippet => snippet
                            .clone()
                            .map(|s| Literal::new_simple_literal(s).into()),
                        Field::Uid => Some(Literal::new_simple_literal(uid.clone()).into()),
                    })
                    .collect();
                Ok(QuerySolution::from((Arc::clone(&variables), values)))
            }
        });
        Ok(QuerySolutionIter::new(variables, solutions))
    }
}
