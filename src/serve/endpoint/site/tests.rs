//! The linked-data site on an in-memory store of generated questions: dereferencing,
//! negotiation, documents, pages, and hostile addresses.

use oxhttp::model::header;
use oxhttp::model::{Body, Method, Request};
use oxigraph::model::Term;

use super::super::{Endpoint, EndpointConfig};
use crate::corpus::{CorpusGenerator, write_text};
use crate::link::Linker;
use crate::mentions::MentionFinder;
use crate::parse::{DocumentContext, QuestionParser};
use crate::rdf::{IriMinter, Mapper};
use crate::store::QuestionStore;

/// An endpoint over 200 generated questions, linked and annotated as a load does.
fn endpoint() -> Endpoint {
    let store = QuestionStore::in_memory(IriMinter::default()).expect("store");
    let mut generator = CorpusGenerator::new(31);
    let linker = Linker::new();
    let finder = MentionFinder::new();
    let mapper = Mapper::default();
    let mut text = String::new();
    for _ in 0..200 {
        write_text(&generator.next_question(), &mut text);
        text.push('\n');
    }
    let graphs: Vec<_> = QuestionParser::new()
        .parse_bytes(text.as_bytes(), &DocumentContext::default())
        .records
        .into_iter()
        .filter_map(Result::ok)
        .map(|mut q| {
            linker.link(&mut q, &mut Vec::new());
            finder.annotate(&mut q);
            mapper.map(&q)
        })
        .collect();
    assert!(graphs.len() > 150, "{} questions", graphs.len());
    store.load_batch(&graphs).expect("load");
    Endpoint::with_store(
        store,
        EndpointConfig {
            log: false,
            ..EndpointConfig::default()
        },
    )
}

struct Got {
    status: u16,
    headers: oxhttp::model::HeaderMap,
    body: String,
}

impl Got {
    fn header(&self, name: header::HeaderName) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }
}

fn get(e: &Endpoint, target: &str, accept: Option<&str>) -> Got {
    let mut builder = Request::builder()
        .method(Method::GET)
        .uri(target)
        .header(header::HOST, "example.test");
    if let Some(a) = accept {
        builder = builder.header(header::ACCEPT, a);
    }
    let mut request = builder.body(Body::empty()).expect("request");
    let response = e.handle(&mut request);
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.into_body().to_string().unwrap_or_default();
    Got {
        status,
        headers,
        body,
    }
}

/// Some IRI of the store of this type.
fn one_of(e: &Endpoint, class: &str) -> String {
    let store = e.store();
    let sparql = format!("SELECT ?x WHERE {{ ?x a <{class}> }} ORDER BY ?x LIMIT 1");
    match store.query(&sparql, &crate::store::QueryOptions::default()) {
        Ok(crate::store::QueryOutput::Solutions { rows, .. }) => match rows.first() {
            Some(row) => match row.first() {
                Some(Some(Term::NamedNode(n))) => n.as_str().to_owned(),
                other => panic!("{other:?}"),
            },
            None => panic!("no {class}"),
        },
        other => panic!("{other:?}"),
    }
}

fn path_of(iri: &str) -> String {
    format!(
        "/id/{}",
        iri.strip_prefix(crate::rdf::iri::DEFAULT_BASE)
            .expect("minted")
    )
}

const QE: &str = "https://w3id.org/qe2rdf/ontology#";

#[test]
fn an_iri_answers_303_to_the_document_the_client_asks_for() {
    let e = endpoint();
    let question = one_of(&e, &format!("{QE}Question"));
    let path = path_of(&question);
    let local = path.trim_start_matches('/');
    for (accept, location) in [
        (
            Some("text/html,application/xhtml+xml,*/*;q=0.8"),
            format!("/page/{local}"),
        ),
        (Some("text/turtle"), format!("/data/{local}.ttl")),
        (Some("application/ld+json"), format!("/data/{local}.jsonld")),
        (Some("application/n-triples"), format!("/data/{local}.nt")),
        (Some("application/rdf+xml"), format!("/data/{local}.rdf")),
        (None, format!("/data/{local}.ttl")),
    ] {
        let got = get(&e, &path, accept);
        assert_eq!(got.status, 303, "{accept:?}: {}", got.body);
        assert_eq!(got.header(header::LOCATION), location, "{accept:?}");
        assert_eq!(got.header(header::VARY), "Accept");
        let link = got.header(header::LINK);
        assert_eq!(link.matches("rel=\"alternate\"").count(), 5, "{link}");
    }
    let got = get(&e, &format!("{path}?format=jsonld"), Some("text/html"));
    assert_eq!(
        got.header(header::LOCATION),
        format!("/data/{local}.jsonld")
    );
    assert_eq!(get(&e, &format!("{path}?format=pdf"), None).status, 406);
    assert_eq!(get(&e, &path, Some("image/png")).status, 406);
    // Unknown: 404, a page with a search for a browser.
    let missing = get(&e, "/id/question/16/QE/987654", Some("text/html"));
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("action=\"/search\""),
        "{}",
        missing.body
    );
    assert_eq!(get(&e, "/id/acteur/PA0", Some("text/turtle")).status, 404);
}

#[test]
fn each_document_is_about_its_iri_and_links_to_the_others() {
    let e = endpoint();
    let deputy = one_of(&e, &format!("{QE}Deputy"));
    let local = path_of(&deputy);
    let local = local.trim_start_matches('/');
    let got = get(&e, &format!("/data/{local}.nt"), None);
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(got.header(header::CONTENT_TYPE), "application/n-triples");
    let triples: Vec<_> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NTriples)
        .for_slice(got.body.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .expect("N-Triples");
    let about = |s: &str| {
        triples
            .iter()
            .filter(|q| q.subject.to_string() == format!("<{s}>"))
            .count()
    };
    assert!(about(&deputy) >= 3, "{}", got.body);
    // Its questions, each with the triple that links them, and Hydra paging.
    let creator = crate::rdf::vocab::dcterms::CREATOR;
    let asked = triples
        .iter()
        .filter(|q| q.predicate == creator && q.object.to_string() == format!("<{deputy}>"))
        .count();
    assert!(asked >= 1, "{}", got.body);
    assert!(
        got.body
            .contains("http://www.w3.org/ns/hydra/core#totalItems")
    );
    assert!(
        got.body
            .contains(&format!("<http://example.test/data/{local}.ttl?page=1>"))
    );
    for ext in ["ttl", "jsonld", "rdf"] {
        let got = get(&e, &format!("/data/{local}.{ext}"), None);
        assert_eq!(got.status, 200, "{ext}");
        assert!(got.body.contains(deputy.as_str()), "{ext}");
        assert!(got.header(header::LINK).contains("type=\"text/html\""));
    }
    // Without an extension, it negotiates.
    let got = get(&e, &format!("/data/{local}"), Some("application/ld+json"));
    assert_eq!(got.status, 200);
    assert_eq!(got.header(header::VARY), "Accept");
    assert!(serde_json::from_str::<serde_json::Value>(&got.body).is_ok());
    assert_eq!(get(&e, &format!("/data/{local}?page=0"), None).status, 400);
}

#[test]
fn pages_link_what_they_show_in_french_or_english() {
    let e = endpoint();
    let question = one_of(&e, &format!("{QE}Question"));
    let local = path_of(&question);
    let page = get(&e, &format!("/page{local}"), None);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.header(header::CONTENT_LANGUAGE), "fr");
    assert!(page.body.starts_with("<!doctype html>\n<html lang=\"fr\">"));
    assert!(
        page.body.contains("href=\"/page/id/acteur/"),
        "author linked"
    );
    assert!(page.body.contains("Ministère interrogé"));
    assert!(page.body.contains("href=\"/page/id/legislature/"));
    assert!(page.body.contains(&format!("href=\"/data{local}.ttl\"")));
    // Its schema.org description parses.
    let script = page
        .body
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("JSON-LD");
    let jsonld: serde_json::Value = serde_json::from_str(script).expect("JSON-LD parses");
    assert_eq!(jsonld["@type"], "Question");
    assert_eq!(jsonld["@id"], question);
    // English.
    let en = get(&e, &format!("/page{local}?lang=en"), None);
    assert!(en.body.contains("<html lang=\"en\">"));
    assert!(en.body.contains("Ministry questioned"));
    assert!(en.body.contains("?lang=en\""), "links keep the language");
    assert!(
        en.body
            .contains(&format!("href=\"/page{local}\" hreflang=\"fr\""))
    );
    // Every kind of page renders in both languages, nothing left unescaped.
    for class in [
        "Deputy",
        "Ministry",
        "ParliamentaryGroup",
        "CitedBody",
        "Department",
        "Legislature",
        "Answer",
        "Mention",
    ] {
        let iri = one_of(&e, &format!("{QE}{class}"));
        for lang in ["", "?lang=en"] {
            let got = get(&e, &format!("/page{}{lang}", path_of(&iri)), None);
            assert_eq!(got.status, 200, "{class}{lang}: {}", got.body);
            assert!(got.body.contains("<h1>"), "{class}");
            assert!(
                !got.body.contains("{{") && !got.body.contains("{%"),
                "{class}"
            );
        }
    }
    let ministry = one_of(&e, &format!("{QE}Ministry"));
    let got = get(&e, &format!("/page{}", path_of(&ministry)), None);
    assert!(got.body.contains("Taux de réponse"), "{}", got.body);
    assert!(got.body.contains("class=\"bars\""), "a chart");
}

#[test]
fn the_ontology_vocabularies_void_and_sitemap_are_served() {
    let e = endpoint();
    let ttl = get(&e, "/ontology", Some("text/turtle"));
    assert_eq!(ttl.status, 200);
    assert!(ttl.body.contains("owl:Ontology"));
    let html = get(&e, "/ontology", Some("text/html"));
    assert!(html.body.contains("id=\"Question\""), "an anchor per term");
    let nt = get(&e, "/ontology.nt", None);
    assert!(
        nt.body
            .contains("<https://w3id.org/qe2rdf/ontology#Question>")
    );
    let concept = get(&e, "/vocab/cloture/retiree", Some("text/html"));
    assert_eq!(concept.status, 303);
    let page = get(&e, "/page/vocab/cloture/retiree", None);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("retirée"), "{}", page.body);
    for path in ["/void", "/.well-known/void"] {
        let void = get(&e, path, Some("text/turtle"));
        assert_eq!(void.status, 200, "{path}");
        assert!(void.body.contains("void:Dataset"), "{}", void.body);
    }
    let index = get(&e, "/sitemap.xml", None);
    assert!(
        index
            .body
            .contains("<loc>http://example.test/sitemap/1.xml</loc>"),
        "{}",
        index.body
    );
    let sitemap = get(&e, "/sitemap/1.xml", None);
    assert!(
        sitemap
            .body
            .contains("<loc>http://example.test/page/id/question/")
    );
    assert!(
        sitemap
            .body
            .contains("<loc>http://example.test/page/id/acteur/")
    );
    assert_eq!(get(&e, "/sitemap/9.xml", None).status, 404);
    let css = get(&e, "/static/site.css", None);
    assert_eq!(css.header(header::CONTENT_TYPE), "text/css; charset=utf-8");
}

#[test]
fn hostile_addresses_get_400_404_or_406_and_nothing_else() {
    let e = endpoint();
    let long = format!("/id/question/{}", "9".repeat(5000));
    let deep = format!("/id/{}", "a/".repeat(400));
    for path in [
        "/id/../..",
        "/id/%2e%2e/%2e%2e/etc/passwd",
        "/page/id/..%2f..%2fsecret",
        "/id/acteur/PA1%00",
        "/id/%ZZ",
        "/id/%C3%28",
        "/data/id/acteur/PA1.exe",
        "/data/id/acteur/PA1.ttl?page=-1",
        "/id/acteur/%3Cscript%3E",
        "/id/question/16/QE/1?format=%00",
        "/vocab/nothing-here",
        "/page/elsewhere/x",
        "/id/",
        "/search?q=%22unbalanced",
        long.as_str(),
        deep.as_str(),
    ] {
        for accept in [None, Some("text/html"), Some("text/turtle")] {
            let got = get(&e, path, accept);
            assert!(
                matches!(got.status, 400 | 404 | 406)
                    || (path.starts_with("/search") && got.status == 200),
                "{path} {accept:?}: {} {}",
                got.status,
                got.body
            );
            assert!(
                !got.body.contains("<script>"),
                "{path}: the input is escaped"
            );
        }
    }
}

#[test]
fn the_search_page_finds_and_highlights() {
    let e = endpoint();
    let got = get(&e, "/search?q=communes", Some("text/html"));
    assert_eq!(got.status, 200, "{}", got.body);
    assert!(got.body.contains("<b>"), "highlighted: {}", got.body);
    assert!(got.body.contains("href=\"/page/id/question/"));
    let json = get(&e, "/search?q=communes", Some("application/json"));
    assert!(json.header(header::CONTENT_TYPE).contains("json"));
    let bad = get(&e, "/search?q=colour%3Ablue", Some("text/html"));
    assert!(bad.body.contains("role=\"alert\""), "{}", bad.body);
}
