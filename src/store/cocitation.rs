//! The store's `qe:coCitations` service: the pairs of bodies cited by the same questions.
//!
//! Counting, over a whole store, the questions that cite each pair of bodies is a join of
//! every question's cited bodies with themselves, then a grouping of the pairs: some
//! 500 000 rows and 160 000 pairs for 100 000 questions, which the SPARQL engine takes
//! seconds to join, group and sort. The store's search index keeps the bodies each question
//! cites ([`crate::store::search`]), from which the counts take milliseconds; the service
//! gives them to queries:
//!
//! ```sparql
//! SERVICE qe:coCitations {
//!   [] qe:firstBody ?a ; qe:secondBody ?b ; qe:questionCount ?n ; qe:rank ?rank
//! }
//! ```
//!
//! binds one solution per pair of bodies cited together by at least one question (its own
//! texts or its answers'): the two bodies (`?a` before `?b` in IRI order), the number of
//! questions citing both, and the pair's rank (1 + the number of pairs cited together more
//! often), over every question of the store. Any of the four properties may be left out;
//! the subject may be a variable (bound to a fresh blank node) or a blank node. A triple
//! `[] qe:maxRank 100` keeps the pairs ranked 100 or better only (ties included): the
//! engine then has a few hundred solutions to take in rather than every pair (taking in a
//! body's IRI costs it a lookup in the store). Without an index in step with the store (one
//! missing, or left behind by a stopped load), the counts are worked out from the store's
//! `schema:mentions` triples: the same solutions, more slowly.

use std::sync::Arc;

use oxigraph::model::{BlankNode, NamedNode, Term, Variable};
use oxigraph::sparql::{
    QueryEvaluationError, QueryResults, QuerySolution, QuerySolutionIter, ServiceHandler,
    SparqlEvaluator,
};
use oxigraph::store::Store;
use oxiri::Iri;
use rustc_hash::FxHashMap;
use spargebra::algebra::GraphPattern;
use spargebra::term::TermPattern;

use crate::rdf::vocab::{dcterms, schema};
use crate::store::search::in_step::SearchHandle;
use crate::store::{service_error, service_pattern};

/// The IRI of the service.
pub const CO_CITATIONS_SERVICE: &str = "https://w3id.org/qe2rdf/ontology#coCitations";
/// A body of the pair (the first in IRI order).
pub const FIRST_BODY: &str = "https://w3id.org/qe2rdf/ontology#firstBody";
/// The other body of the pair.
pub const SECOND_BODY: &str = "https://w3id.org/qe2rdf/ontology#secondBody";
/// The number of questions citing both.
pub const QUESTION_COUNT: &str = "https://w3id.org/qe2rdf/ontology#questionCount";
/// 1 + the number of pairs cited together by more questions.
pub const RANK: &str = "https://w3id.org/qe2rdf/ontology#rank";
/// The worst rank of the pairs to give (an integer).
pub const MAX_RANK: &str = "https://w3id.org/qe2rdf/ontology#maxRank";

/// Two bodies cited by the same questions, and how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoCitation {
    /// One body (IRI), before `second` in IRI order.
    pub first: String,
    /// The other body.
    pub second: String,
    /// The number of questions citing both.
    pub questions: u32,
    /// 1 + the number of pairs cited together by more questions (ties share a rank).
    pub rank: u32,
}

/// The pairs of bodies cited together, from the bodies each question cites (repeats
/// ignored): most questions first, then in IRI order, each ranked.
pub fn co_citations<'b, Q, B>(questions: Q) -> Vec<CoCitation>
where
    Q: IntoIterator<Item = B>,
    B: IntoIterator<Item = &'b str>,
{
    let mut numbers: FxHashMap<&'b str, u32> = FxHashMap::default();
    let mut names: Vec<&'b str> = Vec::new();
    let mut counts: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let mut cited: Vec<u32> = Vec::new();
    for bodies in questions {
        cited.clear();
        for body in bodies {
            let n = *numbers.entry(body).or_insert_with(|| {
                names.push(body);
                u32::try_from(names.len() - 1).unwrap_or(u32::MAX)
            });
            cited.push(n);
        }
        cited.sort_unstable_by_key(|&n| names[n as usize]);
        cited.dedup();
        for (i, &a) in cited.iter().enumerate() {
            for &b in &cited[i + 1..] {
                *counts.entry((a, b)).or_default() += 1;
            }
        }
    }
    let mut pairs: Vec<CoCitation> = counts
        .into_iter()
        .map(|((a, b), questions)| CoCitation {
            first: names[a as usize].to_owned(),
            second: names[b as usize].to_owned(),
            questions,
            rank: 0,
        })
        .collect();
    pairs.sort_unstable_by(|x, y| {
        y.questions
            .cmp(&x.questions)
            .then_with(|| x.first.cmp(&y.first))
            .then_with(|| x.second.cmp(&y.second))
    });
    let mut rank = 1;
    for i in 0..pairs.len() {
        if i > 0 && pairs[i].questions < pairs[i - 1].questions {
            rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
        }
        pairs[i].rank = rank;
    }
    pairs
}

/// What the service binds for each pair.
#[derive(Clone, Copy)]
enum Field {
    Pair,
    First,
    Second,
    Questions,
    Rank,
}

/// The `qe:coCitations` service of one store.
pub struct CoCitationService {
    search: Arc<SearchHandle>,
    store: Store,
}

impl CoCitationService {
    /// The service over `store`, answered from its search index when it is in step.
    #[must_use]
    pub fn new(search: Arc<SearchHandle>, store: Store) -> Self {
        Self { search, store }
    }

    /// The pairs, from the search index when it is in step, or else from the store.
    fn pairs(&self) -> Result<Arc<[CoCitation]>, QueryEvaluationError> {
        if let Some(index) = self.search.index().filter(|i| i.pending().is_empty()) {
            let cited = index
                .cited_bodies()
                .map_err(|e| service_error(e.to_string()))?;
            return Ok(co_citations(cited.iter().map(|b| b.iter().map(String::as_str))).into());
        }
        // Per body, the identifiers of the questions whose graphs cite it: each body's IRI
        // is read from the store once, and identifiers are short literals the store holds
        // inline (reading every citing graph's IRI would take seconds).
        let query = format!(
            "SELECT ?body (GROUP_CONCAT(?uid; SEPARATOR=\"{UID_SEPARATOR}\") AS ?uids) WHERE {{ \
             {{ SELECT DISTINCT ?g ?body WHERE {{ GRAPH ?g {{ ?s <{}> ?body }} }} }} \
             {{ SELECT ?g ?uid WHERE {{ GRAPH ?g {{ ?q <{}> ?uid }} }} }} }} GROUP BY ?body",
            schema::MENTIONS.as_str(),
            dcterms::IDENTIFIER.as_str(),
        );
        let prepared = SparqlEvaluator::new()
            .parse_query(&query)
            .map_err(|e| service_error(e.to_string()))?;
        let QueryResults::Solutions(solutions) = prepared.on_store(&self.store).execute()? else {
            return Ok(Arc::new([]));
        };
        let mut cited: FxHashMap<String, Vec<String>> = FxHashMap::default();
        for solution in solutions {
            let solution = solution?;
            if let (Some(Term::NamedNode(body)), Some(Term::Literal(uids))) =
                (solution.get(0), solution.get(1))
            {
                for uid in uids.value().split(UID_SEPARATOR) {
                    cited
                        .entry(uid.to_owned())
                        .or_default()
                        .push(body.as_str().to_owned());
                }
            }
        }
        Ok(co_citations(
            cited
                .values()
                .map(|bodies| bodies.iter().map(String::as_str)),
        )
        .into())
    }
}

/// What separates the identifiers of the questions citing a body in the store's answer.
const UID_SEPARATOR: char = '\u{1f}';

/// What a pattern asks the service for.
struct Request {
    /// The variables to bind, each with what it binds.
    fields: Vec<(Variable, Field)>,
    /// The worst rank to give.
    max_rank: Option<u32>,
}

/// What the pattern asks for; an error naming what the service does not take.
fn request(pattern: &GraphPattern) -> Result<Request, QueryEvaluationError> {
    let usage = || {
        format!(
            "SERVICE <{CO_CITATIONS_SERVICE}> takes triple patterns of one subject with the \
             properties qe:firstBody, qe:secondBody, qe:questionCount and qe:rank, each with \
             its own variable, and qe:maxRank with an integer"
        )
    };
    let read = service_pattern::read(pattern, &usage)?;
    let mut fields: Vec<(Variable, Field)> = Vec::new();
    let mut max_rank = None;
    if let Some(v) = read.subject {
        fields.push((v.clone(), Field::Pair));
    }
    for (p, object) in read.triples {
        let field = match p.as_str() {
            MAX_RANK => {
                let TermPattern::Literal(l) = object else {
                    return Err(service_error(format!(
                        "{}; got {object} for qe:maxRank",
                        usage()
                    )));
                };
                let rank = l
                    .value()
                    .parse::<u32>()
                    .map_err(|_| service_error(format!("{}; got {l} for qe:maxRank", usage())))?;
                max_rank = Some(max_rank.map_or(rank, |r: u32| r.min(rank)));
                continue;
            }
            FIRST_BODY => Field::First,
            SECOND_BODY => Field::Second,
            QUESTION_COUNT => Field::Questions,
            RANK => Field::Rank,
            _ => return Err(service_error(format!("{}; got {p}", usage()))),
        };
        service_pattern::add_output(&mut fields, field, object, &usage)?;
    }
    Ok(Request { fields, max_rank })
}

impl ServiceHandler for CoCitationService {
    type Error = QueryEvaluationError;

    fn handle(
        &self,
        pattern: &GraphPattern,
        _base_iri: Option<&Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, Self::Error> {
        let Request { fields, max_rank } = request(pattern)?;
        let pairs = self.pairs()?;
        // The pairs are sorted by rank.
        let kept = max_rank.map_or(pairs.len(), |max| {
            pairs.partition_point(|pair| pair.rank <= max)
        });
        let variables: Arc<[Variable]> = fields.iter().map(|(v, _)| v.clone()).collect();
        let solutions = (0..kept).map({
            let variables = Arc::clone(&variables);
            move |i| {
                let pair = &pairs[i];
                let iri = |s: &str| {
                    NamedNode::new(s).map(Term::from).map_err(|e| {
                        service_error(format!("the store's text index holds {s:?}: {e}"))
                    })
                };
                let values = fields
                    .iter()
                    .map(|(_, field)| {
                        Ok(Some(match field {
                            Field::Pair => BlankNode::default().into(),
                            Field::First => iri(&pair.first)?,
                            Field::Second => iri(&pair.second)?,
                            Field::Questions => crate::rdf::integer(pair.questions).into(),
                            Field::Rank => crate::rdf::integer(pair.rank).into(),
                        }))
                    })
                    .collect::<Result<Vec<Option<Term>>, QueryEvaluationError>>()?;
                Ok(QuerySolution::from((Arc::clone(&variables), values)))
            }
        });
        Ok(QuerySolutionIter::new(variables, solutions))
    }
}
