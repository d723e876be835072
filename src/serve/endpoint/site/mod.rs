//! The linked-data site: every IRI qe2rdf mints answers under the server, in RDF for
//! machines and as pages for people.
//!
//! # Addresses
//!
//! The path of an IRI after the site's root is its address: with the default base,
//! `<https://w3id.org/qe2rdf/id/question/16/QE/13417>` is `/id/question/16/QE/13417`
//! (the base, whatever it is, answers at `/id/`), a concept
//! `<https://w3id.org/qe2rdf/vocab/cloture/retiree>` is `/vocab/cloture/retiree`, the
//! ontology `/ontology` (its terms are `/ontology#Term`). A w3id redirection of
//! `https://w3id.org/qe2rdf/` to the server thus makes the published IRIs resolve.
//!
//! # 303, then one document per format
//!
//! A question, a deputy or a ministry is not a web page: following the W3C note "Cool URIs
//! for the Semantic Web" (section 4.3, "303 URIs forwarding to different documents"), its
//! IRI answers `303 See Other` to a document about it, chosen by content negotiation
//! (`Accept`, or `?format=`): the page `/page/id/…` for a browser, the description
//! `/data/id/….ttl` (`.jsonld`, `.nt`, `.rdf`) for an RDF client. The documents answer
//! `200`, each with `Link: <…>; rel="alternate"; type=…` to the others; `/data/id/…`
//! without an extension negotiates too (`Vary: Accept`). The ontology is a document: it
//! answers `200` at once, in the format asked. Unknown IRIs answer `404` (with a page that
//! offers a search).
//!
//! # What a description holds
//!
//! A resource's own triples (from every graph), the labels of what it links to, and for a
//! deputy, ministry, group, rubric, cited body, department or legislature its questions,
//! 50 per page (`?page=`), newest first, with Hydra paging links.

mod describe;
mod facts;
pub mod i18n;
mod pages;

use std::sync::{Arc, Mutex};

use oxhttp::model::header::{self, HeaderValue};
use oxhttp::model::{Body, Request, Response, StatusCode};
use oxigraph::model::{NamedNode, Triple};
use rustc_hash::FxHashMap;

use super::{Endpoint, Failure, Representation, url_params};
use crate::export::{ExportFormat, GraphWriter};
use crate::store::QuestionStore;
pub use i18n::Lang;

/// The root of the project's IRIs (vocabularies, ontology, tool).
pub const PROJECT: &str = "https://w3id.org/qe2rdf/";
/// The ontology's IRI.
pub const ONTOLOGY: &str = "https://w3id.org/qe2rdf/ontology";
/// Questions per page of a resource's list.
pub const PER_PAGE: usize = 50;
/// The longest path answered (longer: 400).
const MAX_PATH: usize = 2048;

/// What a resource's document can be written as: RDF formats and the page.
const OFFERED: &[(&str, Representation)] = &[
    ("text/turtle", Representation::Graph(ExportFormat::Turtle)),
    ("text/html", Representation::Html),
    ("application/xhtml+xml", Representation::Html),
    (
        "application/ld+json",
        Representation::Graph(ExportFormat::JsonLd),
    ),
    (
        "application/n-triples",
        Representation::Graph(ExportFormat::NTriples),
    ),
    (
        "application/rdf+xml",
        Representation::Graph(ExportFormat::RdfXml),
    ),
    (
        "application/json",
        Representation::Graph(ExportFormat::JsonLd),
    ),
    ("text/plain", Representation::Graph(ExportFormat::NTriples)),
    (
        "application/xml",
        Representation::Graph(ExportFormat::RdfXml),
    ),
];

/// The RDF formats of the documents, with their extensions.
const DATA_FORMATS: &[(&str, ExportFormat)] = &[
    ("ttl", ExportFormat::Turtle),
    ("jsonld", ExportFormat::JsonLd),
    ("nt", ExportFormat::NTriples),
    ("rdf", ExportFormat::RdfXml),
];

/// The ontology and the controlled vocabularies, as published with the binary.
const ONTOLOGY_TTL: &str = include_str!("../../../../ontology/qe.ttl");
const VOCAB_TTL: &str = include_str!("../../../../ontology/vocab.ttl");

/// What the site keeps besides the store: its templates, the ontology and vocabularies,
/// and what it computed of the store's current snapshot.
pub struct Site {
    /// The templates, in French and in English.
    envs: [minijinja::Environment<'static>; 2],
    /// The triples of the ontology and vocabularies.
    bundled: Vec<Triple>,
    /// Computed once per snapshot of the store (cleared when it changes).
    cache: Mutex<SnapshotCache>,
}

#[derive(Default)]
struct SnapshotCache {
    /// The snapshot it is about (its address).
    snapshot: usize,
    /// The VoID description.
    void: Option<Arc<Vec<Triple>>>,
    /// Every page for the sitemap: questions, then other resources.
    sitemap: Option<Arc<Vec<String>>>,
    /// Labels of IRIs read from the store.
    labels: FxHashMap<String, Arc<Vec<Triple>>>,
    /// Documents already written (pages and descriptions), by what was asked.
    documents: FxHashMap<String, Arc<Vec<u8>>>,
    /// Their size, bytes.
    document_bytes: usize,
}

/// The most the written documents of a snapshot keep in memory; past it they are dropped
/// and written again when asked.
const DOCUMENT_CACHE_BYTES: usize = 256 << 20;

impl std::fmt::Debug for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Site").finish_non_exhaustive()
    }
}

impl Site {
    /// The site: its templates compiled, the ontology and vocabularies read.
    ///
    /// # Panics
    ///
    /// Never: the templates and Turtle files are part of the binary and their tests.
    #[must_use]
    pub fn new() -> Self {
        let bundled = [ONTOLOGY_TTL, VOCAB_TTL]
            .iter()
            .flat_map(|ttl| {
                oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
                    .for_slice(ttl.as_bytes())
                    .filter_map(Result::ok)
                    .map(|q| Triple::new(q.subject, q.predicate, q.object))
                    .collect::<Vec<_>>()
            })
            .collect();
        Self {
            envs: pages::environments(),
            bundled,
            cache: Mutex::new(SnapshotCache::default()),
        }
    }

    /// A document of this snapshot: written once by `make` (`None`: there is none), then
    /// kept. The lock is not held while it is written.
    fn cached(
        &self,
        store: &Arc<QuestionStore>,
        key: String,
        make: impl FnOnce() -> Result<Option<Vec<u8>>, Failure>,
    ) -> Result<Option<Arc<Vec<u8>>>, Failure> {
        if let Some(found) = self.cache_for(store).documents.get(&key) {
            return Ok(Some(Arc::clone(found)));
        }
        let Some(bytes) = make()? else {
            return Ok(None);
        };
        let bytes = Arc::new(bytes);
        let mut cache = self.cache_for(store);
        if cache.document_bytes + bytes.len() > DOCUMENT_CACHE_BYTES {
            cache.documents.clear();
            cache.document_bytes = 0;
        }
        cache.document_bytes += bytes.len();
        cache.documents.insert(key, Arc::clone(&bytes));
        Ok(Some(bytes))
    }

    /// The cache for this snapshot of the store (emptied when the snapshot changed).
    fn cache_for(&self, store: &Arc<QuestionStore>) -> std::sync::MutexGuard<'_, SnapshotCache> {
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let key = Arc::as_ptr(store) as usize;
        if cache.snapshot != key {
            *cache = SnapshotCache {
                snapshot: key,
                ..SnapshotCache::default()
            };
        }
        cache
    }
}

impl Default for Site {
    fn default() -> Self {
        Self::new()
    }
}

/// What a request's parameters ask, as a key of the document cache.
fn query_key(params: &[(String, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Where a request's path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// An IRI: answered with a 303 to its document.
    Thing(NamedNode),
    /// A resource's page (HTML).
    Page(NamedNode),
    /// A resource's description, in a format or negotiated.
    Data(NamedNode, Option<ExportFormat>),
}

impl Endpoint {
    /// The path of an IRI on this site (`id/question/16/QE/1`), when the site publishes it.
    pub(super) fn local_path(&self, iri: &str) -> Option<String> {
        if let Some(rest) = iri.strip_prefix(self.minter.base()) {
            return Some(format!("id/{rest}"));
        }
        let rest = iri.strip_prefix(PROJECT)?;
        (rest.starts_with("vocab/") || rest == "ontology" || rest.starts_with("tool/"))
            .then(|| rest.to_owned())
    }

    /// The IRI at a path of this site (`id/…`, `vocab/…`, `tool/…`).
    fn iri_at(&self, path: &str) -> Option<NamedNode> {
        let iri = if let Some(rest) = path.strip_prefix("id/") {
            format!("{}{rest}", self.minter.base())
        } else if path.starts_with("vocab/") || path.starts_with("tool/") {
            format!("{PROJECT}{path}")
        } else {
            return None;
        };
        NamedNode::new(iri).ok()
    }

    /// The site's routes: `Ok(None)` when the path is none of them.
    pub(super) fn site_route(
        &self,
        request: &Request<Body>,
        path: &str,
    ) -> Result<Option<Response<Body>>, Failure> {
        let path = checked_path(path)?;
        let params = url_params(request);
        let lang = Lang::from_param(param(&params, "lang"));
        let target = if path.starts_with("id/")
            || path.starts_with("vocab/")
            || path.starts_with("tool/")
        {
            Target::Thing(self.iri_at(&path).ok_or_else(|| not_an_iri(&path))?)
        } else if let Some(rest) = path.strip_prefix("page/") {
            Target::Page(self.iri_at(rest).ok_or_else(|| not_an_iri(rest))?)
        } else if let Some(rest) = path.strip_prefix("data/") {
            let (rest, format) = match rest.rsplit_once('.') {
                Some((stem, ext)) if !ext.contains('/') => {
                    match DATA_FORMATS.iter().find(|(e, _)| *e == ext) {
                        Some((_, f)) => (stem, Some(*f)),
                        None => {
                            return Err(Failure::new(
                                StatusCode::NOT_ACCEPTABLE,
                                format!(
                                    ".{ext}: descriptions are given as .ttl, .jsonld, .nt or .rdf"
                                ),
                            ));
                        }
                    }
                }
                _ => (rest, None),
            };
            Target::Data(self.iri_at(rest).ok_or_else(|| not_an_iri(rest))?, format)
        } else {
            return Ok(match path.as_str() {
                "ontology" | "ontology.ttl" | "ontology.jsonld" | "ontology.nt"
                | "ontology.rdf" => Some(self.ontology(request, &params, &path, lang)?),
                "void" | ".well-known/void" => Some(self.void(request, &params)?),
                "sitemap.xml" => Some(self.sitemap_index(request)?),
                "static/site.css" => Some(super::ok(
                    "text/css; charset=utf-8",
                    Body::from(pages::STYLE),
                )),
                "" => Some(self.home(lang)?),
                _ => match path.strip_prefix("sitemap/") {
                    Some(part) => Some(self.sitemap_part(request, part)?),
                    None => None,
                },
            });
        };
        let store = self.store();
        Ok(Some(match target {
            Target::Thing(iri) => {
                let representation = self.negotiate_resource(request, &params)?;
                if !describe::exists(&store, self, &iri)? {
                    return Ok(Some(self.not_found(request, lang, &path)?));
                }
                self.see_other(&iri, representation, lang)
            }
            Target::Page(iri) => {
                let key = format!("page {} {}", iri.as_str(), query_key(&params));
                let Some(page) = self.site.cached(&store, key, || {
                    Ok(pages::page(self, &store, &iri, &params, lang)?.map(String::into_bytes))
                })?
                else {
                    return Ok(Some(self.not_found(request, lang, &path)?));
                };
                self.document(&iri, Representation::Html, page.to_vec(), lang)
            }
            Target::Data(iri, format) => {
                let negotiated = format.is_none();
                let format = match format {
                    Some(f) => f,
                    None => match self.negotiate_resource(request, &params)? {
                        Representation::Graph(f) => f,
                        _ => {
                            // A browser asking for the data without a format: the page.
                            return Ok(Some(self.see_other(&iri, Representation::Html, lang)));
                        }
                    },
                };
                let page = page_number(&params)?;
                let here = origin(request);
                let key = format!(
                    "data {} {} {page} {here}",
                    iri.as_str(),
                    format.media_type()
                );
                let Some(bytes) = self.site.cached(&store, key, || {
                    describe::description(self, &store, &iri, page, &here)?
                        .map(|triples| self.write_graph(format, &triples))
                        .transpose()
                })?
                else {
                    return Ok(Some(self.not_found(request, lang, &path)?));
                };
                let mut response =
                    self.document(&iri, Representation::Graph(format), bytes.to_vec(), lang);
                if negotiated {
                    response
                        .headers_mut()
                        .insert(header::VARY, HeaderValue::from_static("Accept"));
                }
                response
            }
        }))
    }

    /// The representation a request for a resource asks for: `?format=`, else `Accept`.
    fn negotiate_resource(
        &self,
        request: &Request<Body>,
        params: &[(String, String)],
    ) -> Result<Representation, Failure> {
        if let Some(name) = param(params, "format") {
            if name.eq_ignore_ascii_case("html") {
                return Ok(Representation::Html);
            }
            return super::by_name(name, OFFERED).ok_or_else(|| {
                Failure::new(
                    StatusCode::NOT_ACCEPTABLE,
                    format!("format {name:?} is not offered: choose html, ttl, jsonld, nt or rdf"),
                )
            });
        }
        let accept = request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok());
        super::choose(accept, OFFERED).ok_or_else(|| {
            Failure::new(
                StatusCode::NOT_ACCEPTABLE,
                "none of the accepted types is offered: text/html, text/turtle, application/ld+json, application/n-triples, application/rdf+xml",
            )
        })
    }

    /// The address of a resource's document in a representation.
    pub(super) fn document_href(
        &self,
        iri: &str,
        representation: Representation,
        lang: Lang,
    ) -> String {
        let Some(local) = self.local_path(iri) else {
            return iri.to_owned();
        };
        let lang_param = if lang == Lang::En { "?lang=en" } else { "" };
        match representation {
            Representation::Graph(format) => {
                let ext = DATA_FORMATS
                    .iter()
                    .find(|(_, f)| *f == format)
                    .map_or("ttl", |(e, _)| *e);
                if local == "ontology" {
                    format!("/ontology.{ext}")
                } else {
                    format!("/data/{local}.{ext}")
                }
            }
            _ if local == "ontology" => format!("/ontology{lang_param}"),
            _ => format!("/page/{local}{lang_param}"),
        }
    }

    /// A link to the page of an IRI (the IRI itself when this site does not publish it).
    pub(super) fn page_href(&self, iri: &str, lang: Lang) -> String {
        if let Some((ontology, term)) = iri.split_once('#') {
            if ontology == ONTOLOGY {
                let lang_param = if lang == Lang::En { "?lang=en" } else { "" };
                return format!("/ontology{lang_param}#{term}");
            }
        }
        self.document_href(iri, Representation::Html, lang)
    }

    /// A 303 to the page of `iri` (for a browser following an older address).
    pub(super) fn see_other_to_page(
        &self,
        iri: &NamedNode,
        params: &[(String, String)],
    ) -> Response<Body> {
        let lang = Lang::from_param(param(params, "lang"));
        self.see_other(iri, Representation::Html, lang)
    }

    fn see_other(
        &self,
        iri: &NamedNode,
        representation: Representation,
        lang: Lang,
    ) -> Response<Body> {
        let location = self.document_href(iri.as_str(), representation, lang);
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::SEE_OTHER;
        let headers = response.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&location) {
            headers.insert(header::LOCATION, v);
        }
        headers.insert(header::VARY, HeaderValue::from_static("Accept"));
        self.add_alternates(&mut response, iri.as_str(), lang);
        response
    }

    /// A document about `iri`, with links to its other formats.
    fn document(
        &self,
        iri: &NamedNode,
        representation: Representation,
        bytes: Vec<u8>,
        lang: Lang,
    ) -> Response<Body> {
        let mut response = super::ok(representation.content_type(), Body::from(bytes));
        if representation == Representation::Html {
            response.headers_mut().insert(
                header::CONTENT_LANGUAGE,
                HeaderValue::from_static(lang.code()),
            );
        }
        self.add_alternates(&mut response, iri.as_str(), lang);
        response
    }

    fn add_alternates(&self, response: &mut Response<Body>, iri: &str, lang: Lang) {
        let mut links = vec![format!(
            "<{}>; rel=\"alternate\"; type=\"text/html\"",
            self.document_href(iri, Representation::Html, lang)
        )];
        for (_, format) in DATA_FORMATS {
            links.push(format!(
                "<{}>; rel=\"alternate\"; type=\"{}\"",
                self.document_href(iri, Representation::Graph(*format), lang),
                format.media_type()
            ));
        }
        if let Ok(v) = HeaderValue::from_str(&links.join(", ")) {
            response.headers_mut().insert(header::LINK, v);
        }
    }

    /// Triples written in a format.
    pub(super) fn write_graph(
        &self,
        format: ExportFormat,
        triples: &[Triple],
    ) -> Result<Vec<u8>, Failure> {
        let mut sorted = triples.to_vec();
        crate::export::sort_for_output(&mut sorted);
        sorted.dedup();
        let mut writer =
            GraphWriter::new(format, Vec::new(), &self.minter).map_err(super::internal)?;
        writer.write_triples(&sorted).map_err(super::internal)?;
        Ok(writer.finish().map_err(super::internal)?.0)
    }

    /// `/ontology`: the ontology document (200: it is a document), as a page or RDF.
    fn ontology(
        &self,
        request: &Request<Body>,
        params: &[(String, String)],
        path: &str,
        lang: Lang,
    ) -> Result<Response<Body>, Failure> {
        let iri = NamedNode::new_unchecked(ONTOLOGY);
        let representation = match path.strip_prefix("ontology.") {
            Some(ext) => DATA_FORMATS
                .iter()
                .find(|(e, _)| *e == ext)
                .map(|(_, f)| Representation::Graph(*f))
                .unwrap_or(Representation::Html),
            None => self.negotiate_resource(request, params)?,
        };
        let mut response = match representation {
            Representation::Graph(ExportFormat::Turtle) => {
                let mut r = super::ok("text/turtle", Body::from(ONTOLOGY_TTL));
                self.add_alternates(&mut r, ONTOLOGY, lang);
                r
            }
            Representation::Graph(format) => {
                let triples = describe::ontology_triples(&self.site.bundled);
                self.document(
                    &iri,
                    representation,
                    self.write_graph(format, &triples)?,
                    lang,
                )
            }
            _ => {
                let html = pages::ontology_page(self, lang)?;
                self.document(&iri, Representation::Html, html.into_bytes(), lang)
            }
        };
        if path == "ontology" {
            response
                .headers_mut()
                .insert(header::VARY, HeaderValue::from_static("Accept"));
        }
        Ok(response)
    }

    /// `/void`, `/.well-known/void`: the VoID and DCAT description of the store.
    fn void(
        &self,
        request: &Request<Body>,
        params: &[(String, String)],
    ) -> Result<Response<Body>, Failure> {
        let representation = match param(params, "format") {
            Some(name) => super::by_name(name, super::GRAPHS).ok_or_else(|| {
                Failure::new(
                    StatusCode::NOT_ACCEPTABLE,
                    format!("format {name:?} is not offered: choose ttl, jsonld, nt or rdf"),
                )
            })?,
            None => self.negotiate_resource(request, &[])?,
        };
        if representation == Representation::Html {
            // For a browser, the description of the dataset as a page.
            let dataset = self.minter.dataset("qe2rdf");
            let lang = Lang::from_param(param(params, "lang"));
            return Ok(self.see_other(&dataset, Representation::Html, lang));
        }
        let Representation::Graph(format) = representation else {
            return Err(Failure::new(
                StatusCode::NOT_ACCEPTABLE,
                "not a graph format",
            ));
        };
        let triples = describe::void(self, &self.store())?;
        let mut response = super::ok(
            representation.content_type(),
            Body::from(self.write_graph(format, &triples)?),
        );
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("Accept"));
        Ok(response)
    }

    /// `/sitemap.xml`: the index of the sitemaps, 50 000 pages each.
    fn sitemap_index(&self, request: &Request<Body>) -> Result<Response<Body>, Failure> {
        let pages = describe::sitemap(self, &self.store())?;
        let origin = origin(request);
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for n in 0..pages.len().div_ceil(describe::SITEMAP_SIZE).max(1) {
            xml.push_str(&format!(
                "  <sitemap><loc>{origin}/sitemap/{}.xml</loc></sitemap>\n",
                n + 1
            ));
        }
        xml.push_str("</sitemapindex>\n");
        Ok(super::ok("application/xml; charset=utf-8", Body::from(xml)))
    }

    /// `/sitemap/{n}.xml`: one sitemap.
    fn sitemap_part(&self, request: &Request<Body>, part: &str) -> Result<Response<Body>, Failure> {
        let n: usize = part
            .strip_suffix(".xml")
            .and_then(|n| n.parse().ok())
            .filter(|n| *n >= 1)
            .ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, format!("no sitemap {part}")))?;
        let pages = describe::sitemap(self, &self.store())?;
        let start = (n - 1) * describe::SITEMAP_SIZE;
        if start >= pages.len() && n > 1 {
            return Err(Failure::new(
                StatusCode::NOT_FOUND,
                format!("no sitemap {part}"),
            ));
        }
        let origin = origin(request);
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for page in pages.iter().skip(start).take(describe::SITEMAP_SIZE) {
            xml.push_str("  <url><loc>");
            xml.push_str(&origin);
            xml.push_str(&pages::escape(page));
            xml.push_str("</loc></url>\n");
        }
        xml.push_str("</urlset>\n");
        Ok(super::ok("application/xml; charset=utf-8", Body::from(xml)))
    }

    fn home(&self, lang: Lang) -> Result<Response<Body>, Failure> {
        let store = self.store();
        let html = self
            .site
            .cached(&store, format!("home {}", lang.code()), || {
                Ok(Some(pages::home(self, &store, lang)?.into_bytes()))
            })?
            .unwrap_or_default();
        let mut response = super::ok("text/html; charset=utf-8", Body::from(html.to_vec()));
        response.headers_mut().insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(lang.code()),
        );
        Ok(response)
    }

    /// `/search` for a browser: the search page.
    pub(super) fn search_page(&self, request: &Request<Body>) -> Result<Response<Body>, Failure> {
        let params = url_params(request);
        let lang = Lang::from_param(param(&params, "lang"));
        let html = pages::search(self, &self.store(), &params, lang)?;
        let mut response = super::ok("text/html; charset=utf-8", Body::from(html));
        response.headers_mut().insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(lang.code()),
        );
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("Accept"));
        Ok(response)
    }

    /// 404: a page that offers a search to a browser, a line of text to others.
    pub(super) fn not_found(
        &self,
        request: &Request<Body>,
        lang: Lang,
        path: &str,
    ) -> Result<Response<Body>, Failure> {
        if !super::accepts_html(request) {
            return Err(Failure::new(
                StatusCode::NOT_FOUND,
                format!("nothing is published at /{path}"),
            ));
        }
        let html = pages::not_found(self, lang, path)?;
        let mut response = super::ok("text/html; charset=utf-8", Body::from(html));
        *response.status_mut() = StatusCode::NOT_FOUND;
        Ok(response)
    }
}

/// The path of a request, decoded and checked: no `.` or `..` segment, no control
/// character, not too long.
fn checked_path(path: &str) -> Result<String, Failure> {
    if path.len() > MAX_PATH {
        return Err(Failure::bad_request(format!(
            "the path is longer than {MAX_PATH} characters"
        )));
    }
    let decoded: String = percent_decode(path.trim_start_matches('/'))
        .ok_or_else(|| Failure::bad_request("the path is not valid percent-encoded UTF-8"))?;
    if decoded.chars().any(char::is_control) {
        return Err(Failure::bad_request("the path holds a control character"));
    }
    if decoded
        .split('/')
        .any(|s| s == "." || s == ".." || s.contains('\\'))
    {
        return Err(Failure::bad_request("the path holds a . or .. segment"));
    }
    if decoded
        .chars()
        .any(|c| matches!(c, '<' | '>' | '"' | ' ' | '{' | '}' | '|' | '^' | '`'))
    {
        return Err(Failure::bad_request(
            "the path holds a character an IRI may not hold",
        ));
    }
    Ok(decoded)
}

/// Percent-decoding; `None` when it does not give UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let value = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            out.push(value);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn not_an_iri(path: &str) -> Failure {
    Failure::new(
        StatusCode::NOT_FOUND,
        format!("/{path} is not the address of a resource: /id/…, /vocab/…, /ontology"),
    )
}

/// A request parameter.
pub(super) fn param<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

/// `?page=` (1 by default).
fn page_number(params: &[(String, String)]) -> Result<usize, Failure> {
    match param(params, "page") {
        None => Ok(1),
        Some(p) => p
            .parse()
            .ok()
            .filter(|n| (1..=1_000_000).contains(n))
            .ok_or_else(|| Failure::bad_request(format!("page={p}: pages are numbered from 1"))),
    }
}

/// `http://host` of the request (for absolute links: sitemaps, paging).
fn origin(request: &Request<Body>) -> String {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes().all(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']')
                })
        })
        .or_else(|| {
            request
                .uri()
                .authority()
                .map(oxhttp::model::uri::Authority::as_str)
        })
        .unwrap_or("localhost");
    let scheme = request
        .headers()
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .filter(|p| *p == "https")
        .unwrap_or("http");
    format!("{scheme}://{host}")
}

#[cfg(test)]
mod tests;
