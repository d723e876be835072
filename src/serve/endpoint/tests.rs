use super::*;
use crate::parse::{DocumentContext, QuestionParser};
use crate::rdf::Mapper;

const EXAMPLES: [&str; 3] = [
    include_str!("../../../examples/question-16-QE-99001.txt"),
    include_str!("../../../examples/question-15-QE-99002.txt"),
    include_str!("../../../examples/question-16-QOSD-99003.txt"),
];

fn endpoint(config: EndpointConfig) -> Endpoint {
    let store = QuestionStore::in_memory(IriMinter::default()).expect("store");
    let mapper = Mapper::default();
    let graphs: Vec<_> = EXAMPLES
        .iter()
        .flat_map(|text| {
            QuestionParser::new()
                .parse_bytes(text.as_bytes(), &DocumentContext::default())
                .records
        })
        .map(|q| mapper.map(&q.expect("example parses")))
        .collect();
    store.load_batch(&graphs).expect("load");
    Endpoint::with_store(
        store,
        EndpointConfig {
            log: false,
            ..config
        },
    )
}

fn get(endpoint: &Endpoint, target: &str, accept: Option<&str>) -> (u16, String, String) {
    let mut builder = Request::builder().method(Method::GET).uri(target);
    if let Some(a) = accept {
        builder = builder.header(header::ACCEPT, a);
    }
    send(endpoint, builder.body(Body::empty()).expect("request"))
}

fn post(
    endpoint: &Endpoint,
    target: &str,
    content_type: &str,
    body: &str,
) -> (u16, String, String) {
    let request = Request::builder()
        .method(Method::POST)
        .uri(target)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body.to_owned()))
        .expect("request");
    send(endpoint, request)
}

fn send(endpoint: &Endpoint, mut request: Request<Body>) -> (u16, String, String) {
    let response = endpoint.handle(&mut request);
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().expect("ascii").to_owned())
        .unwrap_or_default();
    let body = response.into_body().to_string().expect("utf-8 body");
    (status, content_type, body)
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

const COUNT: &str =
    "SELECT (COUNT(DISTINCT ?q) AS ?n) WHERE { ?q a <https://w3id.org/qe2rdf/ontology#Question> }";

#[test]
fn the_protocol_answers_get_and_both_posts_alike() {
    let e = endpoint(EndpointConfig::default());
    let (status, content_type, by_get) = get(&e, &format!("/query?query={}", encode(COUNT)), None);
    assert_eq!(status, 200, "{by_get}");
    assert_eq!(content_type, "application/sparql-results+json");
    let json: serde_json::Value = serde_json::from_str(&by_get).expect("results JSON");
    assert_eq!(json["results"]["bindings"][0]["n"]["value"], "3");
    let (_, _, by_form) = post(
        &e,
        "/query",
        "application/x-www-form-urlencoded",
        &format!("query={}", encode(COUNT)),
    );
    let (_, _, direct) = post(&e, "/query", "application/sparql-query", COUNT);
    assert_eq!(by_get, by_form);
    assert_eq!(by_get, direct);
}

#[test]
fn results_are_negotiated() {
    let e = endpoint(EndpointConfig::default());
    let target = format!("/query?query={}", encode(COUNT));
    let (_, content_type, csv) = get(&e, &target, Some("text/csv"));
    assert_eq!(content_type, "text/csv; charset=utf-8");
    assert_eq!(csv, "n\r\n3\r\n");
    let (_, content_type, xml) = get(&e, &target, Some("application/sparql-results+xml"));
    assert_eq!(content_type, "application/sparql-results+xml");
    assert!(
        xml.contains("<literal datatype=\"http://www.w3.org/2001/XMLSchema#integer\">3</literal>"),
        "{xml}"
    );
    let (_, _, tsv) = get(&e, &format!("{target}&format=tsv"), Some("text/csv"));
    assert!(tsv.starts_with("?n\n"), "the format parameter wins: {tsv}");
    let (status, _, message) = get(&e, &target, Some("image/png"));
    assert_eq!(status, 406, "{message}");
    let construct = "CONSTRUCT { ?q a <https://w3id.org/qe2rdf/ontology#Question> } WHERE { ?q a <https://w3id.org/qe2rdf/ontology#Question> }";
    let target = format!("/query?query={}", encode(construct));
    let (status, content_type, turtle) = get(&e, &target, None);
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/turtle"),
        "{turtle}"
    );
    assert!(turtle.contains("question/16/QE/99001>"), "{turtle}");
    let (_, content_type, nt) = get(&e, &target, Some("application/n-triples"));
    assert_eq!(content_type, "application/n-triples");
    assert_eq!(nt.lines().count(), 3, "{nt}");
    let (_, content_type, jsonld) = get(&e, &target, Some("application/ld+json"));
    assert_eq!(content_type, "application/ld+json");
    serde_json::from_str::<serde_json::Value>(&jsonld).expect("JSON-LD is JSON");
}

#[test]
fn the_endpoint_is_read_only() {
    let e = endpoint(EndpointConfig::default());
    let update =
        "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }";
    let (status, _, message) = post(&e, "/query", "application/sparql-update", update);
    assert_eq!(status, 403, "{message}");
    let (status, _, _) = post(
        &e,
        "/query",
        "application/x-www-form-urlencoded",
        &format!("update={}", encode(update)),
    );
    assert_eq!(status, 403);
    let (status, _, message) = get(&e, &format!("/query?query={}", encode(update)), None);
    assert_eq!(status, 400, "an update is not a query: {message}");
    let (status, _, _) = post(&e, "/update", "application/sparql-update", update);
    assert_eq!(status, 403);
    let (_, _, count) = get(
        &e,
        &format!("/query?query={}&format=csv", encode(COUNT)),
        None,
    );
    assert_eq!(count, "n\r\n3\r\n", "nothing was written");
}

#[test]
fn bundled_queries_take_their_parameters_from_the_url() {
    let e = endpoint(EndpointConfig::default());
    let (status, _, csv) = get(
        &e,
        "/queries/questions-per-legislature-and-type?format=csv",
        None,
    );
    assert_eq!(status, 200, "{csv}");
    let mut request = Request::builder()
        .uri("/queries/questions-per-legislature-and-type?format=csv&download=1")
        .body(Body::empty())
        .expect("request");
    let response = e.handle(&mut request);
    assert_eq!(
        response.headers()[header::CONTENT_DISPOSITION],
        "attachment; filename=\"questions-per-legislature-and-type.csv\""
    );
    assert!(csv.lines().count() >= 3, "{csv}");
    let (status, _, message) = get(&e, "/queries/deputy-questions", None);
    assert_eq!(status, 400);
    assert!(message.contains("deputy"), "{message}");
    let (status, _, message) = get(&e, "/queries/no-such-query", None);
    assert_eq!(status, 404, "{message}");
    let (status, _, message) = get(&e, "/queries/questions-per-month?nope=1", None);
    assert_eq!(status, 400, "{message}");
    let (status, _, list) = get(&e, "/queries", None);
    assert_eq!(status, 200);
    let list: serde_json::Value = serde_json::from_str(&list).expect("JSON");
    assert_eq!(list.as_array().expect("array").len(), queries::ALL.len());
}

#[test]
fn one_question_graph_by_its_path() {
    let e = endpoint(EndpointConfig::default());
    let (status, content_type, turtle) = get(&e, "/question/16/QE/99001", None);
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/turtle"),
        "{turtle}"
    );
    assert!(turtle.contains("\"QANR5L16QE99001\""), "{turtle}");
    assert!(!turtle.contains("99002"), "only this question: {turtle}");
    let (_, content_type, _) = get(&e, "/question/16/qosd/99003", Some("application/rdf+xml"));
    assert_eq!(content_type, "application/rdf+xml");
    for missing in ["/question/16/QE/1", "/question/x/QE/1", "/question/16/QX/1"] {
        let (status, _, message) = get(&e, missing, None);
        assert_eq!(status, 404, "{missing}: {message}");
    }
}

#[test]
fn errors_are_clear_and_the_server_goes_on() {
    let e = endpoint(EndpointConfig {
        timeout: Duration::from_millis(200),
        max_results: 5,
        ..EndpointConfig::default()
    });
    let (status, _, message) = get(
        &e,
        &format!("/query?query={}", encode("SELECT ?x WHERE {")),
        None,
    );
    assert_eq!(status, 400);
    assert!(message.contains("SPARQL syntax error"), "{message}");
    let heavy = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
    let patient = endpoint(EndpointConfig {
        timeout: Duration::from_millis(200),
        ..EndpointConfig::default()
    });
    let started = Instant::now();
    let (status, _, message) = get(&patient, &format!("/query?query={}", encode(heavy)), None);
    assert_eq!(status, 503, "{message}");
    assert!(message.contains("time limit"), "{message}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "cut near its limit"
    );
    let (status, _, message) = get(
        &e,
        &format!("/query?query={}", encode("SELECT * WHERE { ?s ?p ?o }")),
        None,
    );
    assert_eq!(status, 400);
    assert!(message.contains("more than 5 rows"), "{message}");
    let (status, _, _) = get(&e, &format!("/query?query={}", encode(COUNT)), None);
    assert_eq!(status, 200, "still serving");
    let service = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }";
    let (status, _, message) = get(&e, &format!("/query?query={}", encode(service)), None);
    assert_eq!(status, 403, "{message}");
    assert!(message.contains("--allow-service"), "{message}");
    let (status, _, _) = get(&e, "/nothing/here", None);
    assert_eq!(status, 404);
    let (status, _, _) = post(&e, "/question/16/QE/99001", "text/plain", "");
    assert_eq!(status, 405);
}

#[test]
fn browsers_get_cors_headers_and_the_page() {
    let e = endpoint(EndpointConfig::default());
    let mut request = Request::builder()
        .method(Method::OPTIONS)
        .uri("/query")
        .body(Body::empty())
        .expect("request");
    let response = e.handle(&mut request);
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert!(
        response.headers()[header::ACCESS_CONTROL_ALLOW_METHODS]
            .to_str()
            .expect("ascii")
            .contains("POST")
    );
    // A browser asking /sparql (or /query) without a query gets the query page.
    for path in ["/sparql", "/query"] {
        let (status, content_type, page) = get(&e, path, Some("text/html"));
        assert_eq!(
            (status, content_type.as_str()),
            (200, "text/html; charset=utf-8")
        );
        assert!(page.contains("id=\"run\""), "the page has its run button");
    }
    // The root is the site's home page, which leads to it.
    let (status, _, home) = get(&e, "/", Some("text/html"));
    assert_eq!(status, 200);
    assert!(home.contains("href=\"/sparql\""), "{home}");
}

#[test]
fn the_dataset_can_be_chosen() {
    let e = endpoint(EndpointConfig::default());
    let graph = IriMinter::default().question_graph(&QuestionId {
        legislature: 16,
        kind: QuestionKind::Written,
        number: 99001,
    });
    let target = format!(
        "/query?query={}&default-graph-uri={}&format=csv",
        encode(COUNT),
        encode(graph.as_str())
    );
    let (status, _, csv) = get(&e, &target, None);
    assert_eq!((status, csv.as_str()), (200, "n\r\n1\r\n"));
    let (status, _, message) = get(
        &e,
        &format!("/query?query={}&default-graph-uri=%20x", encode(COUNT)),
        None,
    );
    assert_eq!(status, 400, "{message}");
}

/// An endpoint whose store has a change log: two syncs, the second changing one question.
fn endpoint_with_changes() -> Endpoint {
    let e = endpoint(EndpointConfig::default());
    let minter = IriMinter::default();
    let id = |uid: &str| crate::model::QuestionId::from_uid(uid).expect("uid");
    use crate::sync::changes::{ChangeKind, activity_triples};
    let mut log = Vec::new();
    for uid in ["QANR5L16QE99001", "QANR5L15QE99002", "QANR5L16QOSD99003"] {
        log.extend(activity_triples(
            &minter,
            &id(uid),
            "20261201T080000Z",
            "2026-12-01T08:00:00Z",
            &[ChangeKind::NewQuestion],
        ));
    }
    log.extend(activity_triples(
        &minter,
        &id("QANR5L16QE99001"),
        "20261204T080000Z",
        "2026-12-04T08:00:00Z",
        &[ChangeKind::NewAnswer],
    ));
    e.store()
        .load_batch_appending(&[], &minter.changes_graph(), &log)
        .expect("change log");
    e
}

#[test]
fn changes_are_an_activitystreams_collection_and_an_atom_feed() {
    let e = endpoint_with_changes();
    let (status, content_type, body) = get(&e, "/changes?since=2026-12-02", None);
    assert_eq!(
        (status, content_type.as_str()),
        (200, "application/activity+json"),
        "{body}"
    );
    let collection: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(collection["type"], "OrderedCollection");
    assert_eq!(collection["totalItems"], 1);
    let (_, _, body) = get(
        &e,
        "/changes?since=2026-11-30T00:00:00%2B01:00&page=1",
        None,
    );
    let page: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(page["type"], "OrderedCollectionPage");
    let items = page["orderedItems"].as_array().expect("items");
    assert_eq!(items.len(), 4);
    // Newest first.
    assert_eq!(items[0]["type"], "Update");
    assert_eq!(
        items[0]["object"],
        "https://w3id.org/qe2rdf/id/question/16/QE/99001"
    );
    assert!(
        items[0]["summary"]
            .as_str()
            .expect("summary")
            .contains("nouvelle réponse")
    );
    let (status, content_type, atom) = get(
        &e,
        "/changes?since=2026-12-01",
        Some("application/atom+xml"),
    );
    assert_eq!(
        (status, content_type.as_str()),
        (200, "application/atom+xml; charset=utf-8")
    );
    assert_eq!(atom.matches("<entry>").count(), 4, "{atom}");
    assert!(
        atom.contains("<updated>2026-12-04T08:00:00Z</updated>"),
        "{atom}"
    );
    let (status, _, message) = get(&e, "/changes?since=yesterday", None);
    assert_eq!(status, 400);
    assert!(message.contains("2026-12-04T11:50:00+01:00"), "{message}");
    assert_eq!(get(&e, "/changes?page=0", None).0, 400);
    assert_eq!(get(&e, "/changes?format=rss", None).0, 406);
}

#[test]
fn search_answers_json_and_says_what_is_wrong_with_a_query() {
    let e = endpoint(EndpointConfig::default());
    let (status, content_type, body) = get(&e, "/search?q=agriculture%20biologique&limit=5", None);
    assert_eq!(
        (status, content_type.as_str()),
        (200, "application/json"),
        "{body}"
    );
    let found: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(found["total"], 1);
    assert_eq!(found["results"][0]["uid"], "QANR5L16QE99001");
    assert!(
        found["results"][0]["snippet_html"]
            .as_str()
            .expect("html")
            .contains("<b>")
    );
    assert_eq!(get(&e, "/search", None).0, 400);
    let (status, _, message) = get(&e, "/search?q=colour:red", None);
    assert_eq!(status, 400);
    assert!(message.contains("unknown filter"), "{message}");
    assert_eq!(get(&e, "/search?q=x&limit=many", None).0, 400);
}
