//! What the site says of a resource in RDF, what kind of resource it is, and which
//! questions link to it.

use std::sync::Arc;

use oxigraph::model::{NamedNode, NamedNodeRef, Term, Triple};

use super::facts::Facts;
use super::{Endpoint, PER_PAGE, PROJECT};
use crate::model::QuestionId;
use crate::rdf::vocab::{dcterms, foaf, qe, rdf, rdfs, skos, xsd};
use crate::serve::endpoint::Failure;
use crate::store::search::Role;
use crate::store::{QueryOptions, QueryOutput, QuestionStore, StoreError};

/// Pages per sitemap (the protocol's limit).
pub const SITEMAP_SIZE: usize = 50_000;

const HYDRA: &str = "http://www.w3.org/ns/hydra/core#";
const PRIMARY_TOPIC: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://xmlns.com/foaf/0.1/primaryTopic");

/// The kinds of resources the site has pages for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A question.
    Question,
    /// A deputy.
    Deputy,
    /// A ministry.
    Ministry,
    /// A parliamentary group.
    Group,
    /// A rubric.
    Rubric,
    /// A cited body.
    Body,
    /// A department (or another constituency).
    Place,
    /// A legislature.
    Legislature,
    /// Anything else (answers, steps, mentions, concepts…).
    Other,
}

impl Kind {
    /// What a resource of `iri` with these facts is.
    #[must_use]
    pub fn of(iri: &str, facts: &Facts, base: &str) -> Self {
        let is = |class: NamedNodeRef<'_>| facts.is_a(iri, class);
        if is(qe::QUESTION) {
            Self::Question
        } else if is(qe::DEPUTY) {
            Self::Deputy
        } else if is(qe::MINISTRY) {
            Self::Ministry
        } else if is(qe::PARLIAMENTARY_GROUP) {
            Self::Group
        } else if is(qe::CITED_BODY) {
            Self::Body
        } else if is(qe::CONSTITUENCY) {
            Self::Place
        } else if is(qe::LEGISLATURE) {
            Self::Legislature
        } else if iri.starts_with(&format!("{base}rubrique/")) {
            Self::Rubric
        } else {
            Self::Other
        }
    }

    /// The links of the index that list its questions (none: it has no list).
    #[must_use]
    pub fn links(self, iri: &str) -> Vec<String> {
        let roles: &[Role] = match self {
            Self::Deputy => &[Role::Author],
            Self::Ministry => &[Role::Assigned],
            Self::Group => &[Role::Group],
            Self::Rubric => &[Role::Rubric],
            Self::Body => &[Role::Body],
            Self::Place => &[Role::Place],
            Self::Legislature => &[Role::Legislature],
            Self::Question | Self::Other => &[],
        };
        roles.iter().map(|r| r.link(iri)).collect()
    }
}

/// The question an IRI names (`{base}question/16/QE/13417`).
#[must_use]
pub fn question_id(iri: &str, base: &str) -> Option<QuestionId> {
    let rest = iri.strip_prefix(base)?.strip_prefix("question/")?;
    let mut parts = rest.split('/');
    let (leg, kind, num) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let id = QuestionId {
        legislature: leg.parse().ok()?,
        kind: kind.parse().ok()?,
        number: num.parse().ok()?,
    };
    (id.uid().len() < 40).then_some(id)
}

/// Whether the site has anything to say of `iri`.
pub fn exists(
    store: &Arc<QuestionStore>,
    endpoint: &Endpoint,
    iri: &NamedNode,
) -> Result<bool, Failure> {
    if iri.as_str().starts_with(PROJECT)
        && !iri.as_str().starts_with(endpoint.minter.base())
        && bundled_about(&endpoint.site.bundled, iri.as_str())
            .next()
            .is_some()
    {
        return Ok(true);
    }
    if iri.as_str().starts_with(&dataset_prefix(endpoint)) {
        let void = void(endpoint, store)?;
        return Ok(void
            .iter()
            .any(|t| t.subject.to_string() == iri.to_string()));
    }
    if let Some(id) = question_id(iri.as_str(), endpoint.minter.base()) {
        return Ok(store.has_graph(endpoint.minter.question_graph(&id).as_ref())?);
    }
    if !store.values(iri.as_ref(), rdf::TYPE)?.is_empty() || !store.about(iri.as_ref())?.is_empty()
    {
        return Ok(true);
    }
    Ok(store.has_graph(iri.as_ref())?)
}

fn bundled_about<'t>(bundled: &'t [Triple], iri: &'t str) -> impl Iterator<Item = &'t Triple> + 't {
    bundled.iter().filter(move |t| match &t.subject {
        oxigraph::model::NamedOrBlankNode::NamedNode(n) => n.as_str() == iri,
        oxigraph::model::NamedOrBlankNode::BlankNode(_) => false,
    })
}

/// The IRIs of the VoID description: `{base}dataset/`.
fn dataset_prefix(endpoint: &Endpoint) -> String {
    format!("{}dataset/", endpoint.minter.base())
}

/// The triples of the ontology document: the ontology and its terms.
#[must_use]
pub fn ontology_triples(bundled: &[Triple]) -> Vec<Triple> {
    bundled
        .iter()
        .filter(|t| match &t.subject {
            oxigraph::model::NamedOrBlankNode::NamedNode(n) => {
                n.as_str().starts_with(super::ONTOLOGY)
            }
            oxigraph::model::NamedOrBlankNode::BlankNode(_) => true,
        })
        .cloned()
        .collect()
}

/// A resource's own triples (every graph, and the ontology and vocabularies), and the
/// labels of what they link to. Empty when nothing is known of it.
pub fn facts_of(
    endpoint: &Endpoint,
    store: &Arc<QuestionStore>,
    iri: &NamedNode,
) -> Result<(Facts, Vec<Triple>), Failure> {
    let base = endpoint.minter.base();
    let mut own: Vec<Triple> = if iri.as_str().starts_with(&dataset_prefix(endpoint)) {
        // The dataset and its partitions: the VoID description.
        let void = void(endpoint, store)?;
        let subject = iri.to_string();
        void.iter()
            .filter(|t| t.subject.to_string() == subject)
            .cloned()
            .collect()
    } else if let Some(id) = question_id(iri.as_str(), base) {
        match store.question(endpoint.minter.question_graph(&id).as_ref())? {
            Some(graph) => graph.all_triples(),
            None => Vec::new(),
        }
    } else {
        let mut about = store.about(iri.as_ref())?;
        about.extend(bundled_about(&endpoint.site.bundled, iri.as_str()).cloned());
        if about.is_empty() && store.has_graph(iri.as_ref())? {
            // A question's graph: what it holds.
            about = store.graph_triples(iri.as_ref())?;
        }
        about
    };
    own.dedup();
    let mut facts = Facts::new(own.iter().cloned());
    let linked: Vec<String> = own
        .iter()
        .filter_map(|t| match &t.object {
            Term::NamedNode(n) if !facts.has(n.as_str()) => Some(n.as_str().to_owned()),
            _ => None,
        })
        .chain(
            own.iter()
                .filter(|t| t.predicate != rdf::TYPE)
                .map(|t| t.predicate.as_str().to_owned()),
        )
        .collect();
    let labels = labels(endpoint, store, &linked)?;
    facts.extend(labels.iter().cloned());
    own.extend(labels);
    Ok((facts, own))
}

/// The labels of IRIs: from the store (cached for the snapshot) and the vocabularies.
pub fn labels(
    endpoint: &Endpoint,
    store: &Arc<QuestionStore>,
    iris: &[String],
) -> Result<Vec<Triple>, Failure> {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    {
        let cache = endpoint.site.cache_for(store);
        for iri in iris {
            match cache.labels.get(iri) {
                Some(t) => out.extend(t.iter().cloned()),
                None => missing.push(iri.clone()),
            }
        }
    }
    missing.sort();
    missing.dedup();
    let mut found = Vec::new();
    for iri in missing {
        let Ok(node) = NamedNode::new(iri.clone()) else {
            continue;
        };
        let mut triples = Vec::new();
        for predicate in [skos::PREF_LABEL, foaf::NAME, rdfs::LABEL] {
            let mut values: Vec<Term> = if iri.starts_with(PROJECT)
                && !iri.starts_with(endpoint.minter.base())
            {
                endpoint
                    .site
                    .bundled
                    .iter()
                    .filter(|t| t.predicate == predicate && matches!(&t.subject, oxigraph::model::NamedOrBlankNode::NamedNode(n) if n.as_str() == iri))
                    .map(|t| t.object.clone())
                    .collect()
            } else {
                Vec::new()
            };
            if values.is_empty() && !iri.starts_with("http://www.w3.org/") {
                values = store.values(node.as_ref(), predicate)?;
            }
            triples.extend(
                values
                    .into_iter()
                    .map(|v| Triple::new(node.clone(), predicate, v)),
            );
            if !triples.is_empty() {
                break;
            }
        }
        found.push((iri, Arc::new(triples)));
    }
    let mut cache = endpoint.site.cache_for(store);
    for (iri, triples) in found {
        out.extend(triples.iter().cloned());
        if cache.labels.len() < 200_000 {
            cache.labels.insert(iri, triples);
        }
    }
    Ok(out)
}

/// The description of `iri` in RDF, with the page `page` of its questions; `None` when
/// nothing is known of it.
pub fn description(
    endpoint: &Endpoint,
    store: &Arc<QuestionStore>,
    iri: &NamedNode,
    page: usize,
    origin: &str,
) -> Result<Option<Vec<Triple>>, Failure> {
    let (facts, mut triples) = facts_of(endpoint, store, iri)?;
    if triples.is_empty() {
        return Ok(None);
    }
    let kind = Kind::of(iri.as_str(), &facts, endpoint.minter.base());
    let links = kind.links(iri.as_str());
    if links.is_empty() {
        return Ok(Some(triples));
    }
    let listing = match store.listing_page(&links, PER_PAGE, (page - 1) * PER_PAGE) {
        Ok(l) => l,
        Err(StoreError::NoSearchIndex) => return Ok(Some(triples)),
        Err(e) => return Err(e.into()),
    };
    for row in &listing.rows {
        let Some(id) = QuestionId::from_uid(&row.uid) else {
            continue;
        };
        let question = endpoint.minter.question(&id);
        triples.extend(store.links_between(question.as_ref(), iri.as_ref())?);
        triples.push(Triple::new(
            question.clone(),
            dcterms::IDENTIFIER,
            Term::from(oxigraph::model::Literal::new_simple_literal(&row.uid)),
        ));
        if let Some(date) = row.date {
            triples.push(Triple::new(
                question,
                dcterms::ISSUED,
                oxigraph::model::Literal::new_typed_literal(date.to_string(), xsd::DATE),
            ));
        }
    }
    // Hydra paging: this document, the whole list's size, the next and previous pages.
    let local = endpoint.local_path(iri.as_str()).unwrap_or_default();
    let document =
        |n: usize| NamedNode::new_unchecked(format!("{origin}/data/{local}.ttl?page={n}"));
    let hydra = |term: &str| NamedNode::new_unchecked(format!("{HYDRA}{term}"));
    let this = document(page);
    let pages = listing.total.div_ceil(PER_PAGE).max(1);
    triples.push(Triple::new(
        this.clone(),
        rdf::TYPE,
        hydra("PartialCollectionView"),
    ));
    triples.push(Triple::new(this.clone(), PRIMARY_TOPIC, iri.clone()));
    triples.push(Triple::new(
        this.clone(),
        hydra("totalItems"),
        crate::rdf::integer(i64::try_from(listing.total).unwrap_or(i64::MAX)),
    ));
    triples.push(Triple::new(this.clone(), hydra("first"), document(1)));
    triples.push(Triple::new(this.clone(), hydra("last"), document(pages)));
    if page < pages {
        triples.push(Triple::new(this.clone(), hydra("next"), document(page + 1)));
    }
    if page > 1 {
        triples.push(Triple::new(this, hydra("previous"), document(page - 1)));
    }
    Ok(Some(triples))
}

/// The VoID and DCAT description of the store (computed once per snapshot).
pub fn void(endpoint: &Endpoint, store: &Arc<QuestionStore>) -> Result<Arc<Vec<Triple>>, Failure> {
    if let Some(v) = &endpoint.site.cache_for(store).void {
        return Ok(Arc::clone(v));
    }
    let stats = store.dataset_stats()?;
    let reference: Vec<_> = store
        .reference_snapshots()?
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    let triples = Arc::new(crate::export::void_description(
        &stats,
        &endpoint.minter,
        &[],
        &reference,
    ));
    endpoint.site.cache_for(store).void = Some(Arc::clone(&triples));
    Ok(triples)
}

/// Every page of the site, for the sitemap: the questions (in the order of their graphs),
/// then the deputies, groups, ministries, rubrics, cited bodies, places and legislatures.
pub fn sitemap(
    endpoint: &Endpoint,
    store: &Arc<QuestionStore>,
) -> Result<Arc<Vec<String>>, Failure> {
    if let Some(s) = &endpoint.site.cache_for(store).sitemap {
        return Ok(Arc::clone(s));
    }
    let minter = &endpoint.minter;
    let graph_prefix = format!("{}graph/", minter.base());
    let mut pages: Vec<String> = store
        .question_graphs()?
        .iter()
        .filter_map(|g| g.as_str().strip_prefix(&graph_prefix))
        .map(|rest| format!("/page/id/{rest}"))
        .collect();
    let sparql = format!(
        "SELECT DISTINCT ?s WHERE {{ GRAPH <{}> {{ ?s a ?c }} VALUES ?c {{ <{}> <{}> <{}> <{}> <{}> <{}> <{}> }} }}",
        minter.reference_graph().as_str(),
        qe::DEPUTY.as_str(),
        qe::PARLIAMENTARY_GROUP.as_str(),
        qe::MINISTRY.as_str(),
        skos::CONCEPT.as_str(),
        qe::CITED_BODY.as_str(),
        qe::CONSTITUENCY.as_str(),
        qe::LEGISLATURE.as_str(),
    );
    let mut others = Vec::new();
    if let QueryOutput::Solutions { rows, .. } = store.query(&sparql, &QueryOptions::default())? {
        for row in rows {
            if let Some(Some(Term::NamedNode(n))) = row.first() {
                if let Some(local) = endpoint.local_path(n.as_str()) {
                    others.push(format!("/page/{local}"));
                }
            }
        }
    }
    others.sort();
    others.dedup();
    pages.extend(others);
    let pages = Arc::new(pages);
    endpoint.site.cache_for(store).sitemap = Some(Arc::clone(&pages));
    Ok(pages)
}
