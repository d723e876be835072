//! `/changes` (the change log of `qe2rdf sync`, as an ActivityStreams 2.0 collection or an
//! Atom feed) and `/search` (the search index, as JSON).

use oxhttp::model::header::{self, HeaderValue};
use oxhttp::model::{Body, Request, Response, StatusCode};
use oxigraph::model::{Literal, Term};

use super::{Endpoint, Failure, ok, url_params};
use crate::rdf::vocab::xsd;
use crate::store::QueryOutput;

/// Activities per page of `/changes`.
const PAGE_SIZE: usize = 50;
/// Results per page of `/search` at most.
const MAX_SEARCH_LIMIT: usize = 100;

/// One activity of the change log.
struct Change {
    id: String,
    create: bool,
    question: String,
    at: String,
    summary: String,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Endpoint {
    /// `/changes?since=…&page=…`: ActivityStreams 2.0 (`application/activity+json`) or
    /// Atom (`application/atom+xml`, or `?format=atom`).
    pub(super) fn changes(&self, request: &Request<Body>) -> Result<Response<Body>, Failure> {
        let params = url_params(request);
        let param = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let since = match param("since") {
            Some(text) => crate::text::parse_date_time(text).map_err(Failure::bad_request)?,
            None => "1970-01-01T00:00:00Z".to_owned(),
        };
        let page: Option<usize> = match param("page") {
            Some(p) => Some(p.parse().ok().filter(|p| *p >= 1).ok_or_else(|| {
                Failure::bad_request(format!("page={p}: pages are numbered from 1"))
            })?),
            None => None,
        };
        let accept = request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let atom = match param("format") {
            Some("atom") => true,
            Some("json" | "activity" | "as") | None => {
                accept.contains("atom+xml") && !accept.contains("activity+json")
            }
            Some(other) => {
                return Err(Failure::new(
                    StatusCode::NOT_ACCEPTABLE,
                    format!(
                        "format={other}: /changes is given as format=atom or format=json (ActivityStreams)"
                    ),
                ));
            }
        };
        let prefix = "PREFIX as: <https://www.w3.org/ns/activitystreams#>\n";
        let pattern = format!(
            "?a as:object ?q ; as:published ?at ; a ?type . \
             FILTER(?type IN (as:Create, as:Update)) FILTER(?at >= {})",
            Literal::new_typed_literal(since.as_str(), xsd::DATE_TIME)
        );
        let count = match self.run(
            &format!("{prefix}SELECT (COUNT(?a) AS ?n) WHERE {{ {pattern} }}"),
            &self.options(),
        )? {
            QueryOutput::Solutions { rows, .. } => rows
                .first()
                .and_then(|r| r.first())
                .and_then(|t| match t {
                    Some(Term::Literal(l)) => l.value().parse::<usize>().ok(),
                    _ => None,
                })
                .unwrap_or(0),
            _ => 0,
        };
        let number = page.unwrap_or(1);
        let select = format!(
            "{prefix}SELECT ?a ?type ?q ?at ?summary WHERE {{ {pattern} OPTIONAL {{ ?a as:summary ?summary }} }} \
             ORDER BY DESC(?at) ?a LIMIT {PAGE_SIZE} OFFSET {}",
            (number - 1) * PAGE_SIZE
        );
        let changes: Vec<Change> = match self.run(&select, &self.options())? {
            QueryOutput::Solutions { rows, .. } => rows
                .into_iter()
                .filter_map(|r| {
                    let text = |i: usize| -> Option<String> {
                        match r.get(i)?.as_ref()? {
                            Term::NamedNode(n) => Some(n.as_str().to_owned()),
                            Term::Literal(l) => Some(l.value().to_owned()),
                            Term::BlankNode(_) => None,
                        }
                    };
                    Some(Change {
                        id: text(0)?,
                        create: text(1)?.ends_with("#Create"),
                        question: text(2)?,
                        at: text(3)?,
                        summary: text(4).unwrap_or_default(),
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        let pages = count.div_ceil(PAGE_SIZE).max(1);
        let base = format!("/changes?since={since}");
        if atom {
            return Ok(atom_feed(&changes, &base, number, pages, &since));
        }
        let item = |c: &Change| {
            serde_json::json!({
                "id": c.id,
                "type": if c.create { "Create" } else { "Update" },
                "published": c.at,
                "object": c.question,
                "summary": c.summary,
            })
        };
        let body = match page {
            None => serde_json::json!({
                "@context": "https://www.w3.org/ns/activitystreams",
                "id": base,
                "type": "OrderedCollection",
                "summary": format!("Questions ajoutées ou modifiées par qe2rdf sync depuis le {since}"),
                "totalItems": count,
                "first": format!("{base}&page=1"),
                "last": format!("{base}&page={pages}"),
            }),
            Some(n) => {
                let mut page = serde_json::json!({
                    "@context": "https://www.w3.org/ns/activitystreams",
                    "id": format!("{base}&page={n}"),
                    "type": "OrderedCollectionPage",
                    "partOf": base,
                    "totalItems": count,
                    "orderedItems": changes.iter().map(item).collect::<Vec<_>>(),
                });
                if n < pages {
                    page["next"] = serde_json::json!(format!("{base}&page={}", n + 1));
                }
                if n > 1 {
                    page["prev"] = serde_json::json!(format!("{base}&page={}", n - 1));
                }
                page
            }
        };
        let mut response = ok("application/activity+json", Body::from(body.to_string()));
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("Accept"));
        Ok(response)
    }

    /// `/search?q=…&limit=…&offset=…`: the search index, as JSON.
    pub(super) fn search_json(&self, request: &Request<Body>) -> Result<Response<Body>, Failure> {
        let params = url_params(request);
        let param = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let query = param("q").unwrap_or("").trim();
        if query.is_empty() {
            return Err(Failure::bad_request(
                "no search: send ?q=words (\"phrases\", OR, -word, legislature:16, status:answered…)",
            ));
        }
        let number = |name: &str, default: usize| -> Result<usize, Failure> {
            param(name).map_or(Ok(default), |v| {
                v.parse()
                    .map_err(|_| Failure::bad_request(format!("{name}={v} is not a number")))
            })
        };
        let limit = number("limit", 20)?.min(MAX_SEARCH_LIMIT);
        let offset = number("offset", 0)?;
        let store = self.store();
        let hits = store.search(query, limit, offset).map_err(|e| match e {
            crate::store::StoreError::Search(crate::store::search::SearchError::Query(q)) => {
                Failure::bad_request(q.to_string())
            }
            crate::store::StoreError::NoSearchIndex => {
                Failure::new(StatusCode::SERVICE_UNAVAILABLE, e.to_string())
            }
            other => Failure::from(other),
        })?;
        let results: Vec<serde_json::Value> = hits
            .hits
            .iter()
            .map(|h| {
                let iri = crate::model::QuestionId::from_uid(&h.uid)
                    .map(|id| self.minter.question(&id).as_str().to_owned());
                h.to_json(iri)
            })
            .collect();
        let body = serde_json::json!({
            "query": query,
            "total": hits.total,
            "offset": offset,
            "limit": limit,
            "results": results,
        });
        Ok(ok("application/json", Body::from(body.to_string())))
    }
}

/// The change log as an Atom feed (RFC 4287).
fn atom_feed(
    changes: &[Change],
    base: &str,
    page: usize,
    pages: usize,
    since: &str,
) -> Response<Body> {
    let updated = changes.first().map_or(since, |c| c.at.as_str());
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n",
    );
    xml.push_str("  <title>Questions parlementaires : changements relevés par qe2rdf</title>\n");
    xml.push_str(&format!(
        "  <id>urn:qe2rdf:changes:{}</id>\n",
        escape(since)
    ));
    xml.push_str(&format!("  <updated>{}</updated>\n", escape(updated)));
    xml.push_str("  <author><name>qe2rdf</name></author>\n");
    xml.push_str(&format!(
        "  <link rel=\"self\" href=\"{}&amp;format=atom&amp;page={page}\"/>\n",
        escape(base)
    ));
    if page < pages {
        xml.push_str(&format!(
            "  <link rel=\"next\" href=\"{}&amp;format=atom&amp;page={}\"/>\n",
            escape(base),
            page + 1
        ));
    }
    for c in changes {
        let title = if c.summary.is_empty() {
            c.question.clone()
        } else {
            c.summary.clone()
        };
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <id>{}</id>\n", escape(&c.id)));
        xml.push_str(&format!("    <title>{}</title>\n", escape(&title)));
        xml.push_str(&format!("    <updated>{}</updated>\n", escape(&c.at)));
        xml.push_str(&format!("    <link href=\"{}\"/>\n", escape(&c.question)));
        xml.push_str(&format!(
            "    <summary>{} — {}</summary>\n",
            if c.create {
                "nouvelle question"
            } else {
                "question modifiée"
            },
            escape(&title)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    let mut response = ok("application/atom+xml; charset=utf-8", Body::from(xml));
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept"));
    response
}
