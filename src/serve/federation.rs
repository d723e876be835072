//! `SERVICE` calls to an explicit list of hosts (SPARQL 1.1 Federated Query).
//!
//! The store never calls another endpoint on its own: Oxigraph is built without its HTTP
//! client, and a query's `SERVICE` calls go to the handler its caller gives
//! ([`crate::store::QueryOptions::services`]). The endpoint gives [`AllowedHosts`]: when
//! the user names hosts (`qe2rdf serve
//! --allow-service query.wikidata.org`), [`AllowedHosts`] sends the clause's pattern to
//! the endpoint as a `SELECT *` query, over HTTP(S), and refuses every other host.

use std::io::Read;
use std::time::Duration;

use oxhttp::model::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};
use oxhttp::model::{Method, Request};
use oxigraph::model::NamedNode;
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
};
use oxigraph::sparql::{DefaultServiceHandler, QueryEvaluationError, QuerySolutionIter};
use oxiri::Iri;
use spargebra::algebra::GraphPattern;

use crate::store::service_error;

/// Largest answer read from a remote endpoint.
const MAX_ANSWER: u64 = 256 << 20;

/// A service handler that only calls the hosts it was given.
pub struct AllowedHosts {
    hosts: Vec<String>,
    client: oxhttp::Client,
}

impl AllowedHosts {
    /// Calls to `hosts` (host names, case-insensitive; `*` allows every host), each cut
    /// after `timeout`.
    #[must_use]
    pub fn new(hosts: &[String], timeout: Option<Duration>) -> Self {
        let mut client = oxhttp::Client::new().with_redirection_limit(0);
        if let Some(timeout) = timeout {
            client = client.with_global_timeout(timeout);
        }
        Self {
            hosts: hosts
                .iter()
                .map(|h| h.trim().to_ascii_lowercase())
                .collect(),
            client,
        }
    }

    /// Whether a service IRI may be called.
    #[must_use]
    pub fn allows(&self, service: &str) -> bool {
        let Some(host) = host_of(service) else {
            return false;
        };
        self.hosts.iter().any(|h| h == "*" || *h == host)
    }
}

/// The host of an `http(s)` IRI, lowercased.
fn host_of(iri: &str) -> Option<String> {
    let rest = iri
        .strip_prefix("https://")
        .or_else(|| iri.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next()?
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

impl DefaultServiceHandler for AllowedHosts {
    type Error = QueryEvaluationError;

    fn handle(
        &self,
        service_name: &NamedNode,
        pattern: &GraphPattern,
        base_iri: Option<&Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, QueryEvaluationError> {
        if !self.allows(service_name.as_str()) {
            return Err(service_error(if self.hosts.is_empty() {
                format!(
                    "SERVICE <{}> refused: calls to other endpoints are off (allow a host with --allow-service HOST)",
                    service_name.as_str()
                )
            } else {
                format!(
                    "SERVICE <{}> refused: its host is not in the allowed list ({})",
                    service_name.as_str(),
                    self.hosts.join(", ")
                )
            }));
        }
        let query = spargebra::Query::Select {
            dataset: None,
            pattern: pattern.clone(),
            base_iri: base_iri.cloned(),
        }
        .to_string();
        let request = Request::builder()
            .method(Method::POST)
            .uri(service_name.as_str())
            .header(
                ACCEPT,
                "application/sparql-results+json, application/sparql-results+xml",
            )
            .header(CONTENT_TYPE, "application/sparql-query")
            .header(USER_AGENT, concat!("qe2rdf/", env!("CARGO_PKG_VERSION")))
            .body(query.into_bytes())
            .map_err(|e| service_error(format!("SERVICE <{}>: {e}", service_name.as_str())))?;
        let response = self
            .client
            .request(request)
            .map_err(|e| service_error(format!("SERVICE <{}>: {e}", service_name.as_str())))?;
        let status = response.status();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        if !status.is_success() {
            let mut text = String::new();
            let _ = response.into_body().take(2000).read_to_string(&mut text);
            return Err(service_error(format!(
                "SERVICE <{}> answered {status}: {}",
                service_name.as_str(),
                text.trim()
            )));
        }
        let format = QueryResultsFormat::from_media_type(&content_type).ok_or_else(|| {
            service_error(format!(
                "SERVICE <{}> answered with {content_type:?}, not SPARQL results",
                service_name.as_str()
            ))
        })?;
        let body = response.into_body().take(MAX_ANSWER);
        match QueryResultsParser::from_format(format).for_reader(body) {
            Ok(ReaderQueryResultsParserOutput::Solutions(solutions)) => {
                let variables = solutions.variables().to_vec();
                Ok(QuerySolutionIter::new(
                    variables.into(),
                    solutions.map(|s| s.map_err(|e| QueryEvaluationError::Service(Box::new(e)))),
                ))
            }
            Ok(ReaderQueryResultsParserOutput::Boolean(_)) => Err(service_error(format!(
                "SERVICE <{}> answered a boolean, not solutions",
                service_name.as_str()
            ))),
            Err(e) => Err(QueryEvaluationError::Service(Box::new(e))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_matched_exactly() {
        let allowed = AllowedHosts::new(&["Query.Wikidata.org".into()], None);
        assert!(allowed.allows("https://query.wikidata.org/sparql"));
        assert!(allowed.allows("http://user@query.wikidata.org:443/sparql?x=1"));
        assert!(!allowed.allows("https://query.wikidata.org.evil.example/sparql"));
        assert!(!allowed.allows("https://evil.example/?query.wikidata.org"));
        assert!(!allowed.allows("ftp://query.wikidata.org/"));
        assert!(!allowed.allows("urn:x"));
        assert!(AllowedHosts::new(&["*".into()], None).allows("http://[::1]:7878/query"));
        assert_eq!(host_of("http://[::1]:7878/q").as_deref(), Some("::1"));
    }
}
