//! `push` against a Graph Store endpoint played by a small server on loopback that records
//! what it receives and fails on demand.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use oxhttp::model::{Body, Response, StatusCode};
use qe2rdf::rdf::IriMinter;
use qe2rdf::serve::push::{PushError, PushOptions, push};
use qe2rdf::store::QuestionStore;

/// What the endpoint received: graph IRI → (body, Authorization header).
type Received = Arc<Mutex<BTreeMap<String, (String, Option<String>)>>>;

/// Starts an endpoint; `answer(n)` gives the status of the n-th request (from 0).
fn endpoint(answer: impl Fn(usize) -> u16 + Send + Sync + 'static) -> (String, Received) {
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let received: Received = Arc::default();
    let log = Arc::clone(&received);
    let count = AtomicUsize::new(0);
    oxhttp::Server::new(move |request| {
        let n = count.fetch_add(1, Ordering::SeqCst);
        let status = answer(n);
        if request.method().as_str() != "PUT" {
            return Response::builder()
                .status(StatusCode::METHOD_NOT_ALLOWED)
                .body(Body::empty())
                .expect("response");
        }
        let graph = request
            .uri()
            .query()
            .and_then(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .find(|(k, _)| k == "graph")
                    .map(|(_, v)| v.into_owned())
            })
            .unwrap_or_default();
        let auth = request
            .headers()
            .get("authorization")
            .map(|v| v.to_str().expect("ascii").to_owned());
        let body = std::mem::take(request.body_mut())
            .to_string()
            .expect("body");
        if status == 201 || status == 204 || status == 200 {
            log.lock().expect("lock").insert(graph, (body, auth));
        }
        Response::builder()
            .status(status)
            .body(Body::from(format!("status {status} for request {n}")))
            .expect("response")
    })
    .bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
    .spawn()
    .expect("server");
    (format!("http://127.0.0.1:{port}/store"), received)
}

fn store() -> QuestionStore {
    let run = crate::common::run_rel(&["examples", "tests/data/opendata"]);
    let store = QuestionStore::in_memory(IriMinter::default()).expect("store");
    let graphs: Vec<_> = run.processed.into_iter().map(|p| p.graph).collect();
    store.load_batch(&graphs).expect("load");
    store
}

fn options(url: &str, dir: &std::path::Path) -> PushOptions {
    let mut o = PushOptions::new(url, dir.join("progress"));
    o.backoff = Duration::from_millis(10);
    o.batch = 2;
    o.concurrency = 3;
    o
}

#[test]
fn one_put_per_graph_with_its_triples_and_credentials() {
    let store = store();
    let (url, received) = endpoint(|_| 204);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut o = options(&url, dir.path());
    o.user = Some("dba".into());
    o.password = Some("s3cret:x".into());
    let report = push(&store, &o, &|_, _| {}).expect("push");
    let graphs = store.question_graphs().expect("graphs").len() + 1;
    assert_eq!(
        (report.graphs, report.sent, report.resumed),
        (graphs, graphs, 0)
    );
    let received = received.lock().expect("lock");
    assert_eq!(received.len(), graphs);
    let mut triples = 0;
    for (graph, (body, auth)) in received.iter() {
        let iri = oxigraph::model::NamedNode::new(graph.clone()).expect("graph IRI");
        let sent: Vec<_> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
            .for_slice(body.as_bytes())
            .collect::<Result<_, _>>()
            .expect("the body is Turtle");
        assert_eq!(
            sent.len(),
            store.graph_triples(iri.as_ref()).expect("triples").len(),
            "{graph}"
        );
        triples += sent.len();
        assert_eq!(auth.as_deref(), Some("Basic ZGJhOnMzY3JldDp4"));
    }
    assert_eq!(report.triples, triples as u64);
    assert!(
        !dir.path().join("progress").exists(),
        "a finished push leaves no record"
    );
}

#[test]
fn failures_are_retried_and_refusals_stop_with_the_targets_message() {
    let store = store();
    let (url, received) = endpoint(|n| if n < 3 { 503 } else { 204 });
    let dir = tempfile::tempdir().expect("tempdir");
    let report = push(&store, &options(&url, dir.path()), &|_, _| {}).expect("push");
    assert_eq!(report.retries, 3);
    assert_eq!(received.lock().expect("lock").len(), report.graphs);

    let (url, _) = endpoint(|_| 401);
    match push(&store, &options(&url, dir.path()), &|_, _| {}) {
        Err(PushError::Refused {
            status: 401,
            message,
            ..
        }) => {
            assert!(message.starts_with("status 401"), "{message}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let (url, _) = endpoint(|_| 500);
    let mut o = options(&url, dir.path());
    o.retries = 2;
    match push(&store, &o, &|_, _| {}) {
        Err(PushError::GaveUp { attempts: 3, .. }) => {}
        other => panic!("expected to give up after 3 attempts, got {other:?}"),
    }
}

#[test]
fn an_interrupted_push_resumes_where_it_stopped() {
    let store = store();
    let dir = tempfile::tempdir().expect("tempdir");
    // The target takes four graphs, then refuses (a full disk, say).
    let (url, first) = endpoint(|n| if n < 4 { 204 } else { 507 });
    let mut o = options(&url, dir.path());
    o.concurrency = 1;
    o.retries = 0;
    assert!(push(&store, &o, &|_, _| {}).is_err());
    assert_eq!(first.lock().expect("lock").len(), 4);
    let record = std::fs::read_to_string(dir.path().join("progress")).expect("record");
    assert_eq!(
        record.lines().filter(|l| l.ends_with(" .")).count(),
        4,
        "{record}"
    );

    // The same target, working again: only the rest is sent. (The record is per target
    // URL; the endpoint is played by another server on another port, so point the record
    // at it.)
    let (url2, second) = endpoint(|_| 204);
    let record = record.replace(&url, &url2);
    std::fs::write(dir.path().join("progress"), record).expect("record");
    let mut o2 = options(&url2, dir.path());
    o2.concurrency = 1;
    let report = push(&store, &o2, &|_, _| {}).expect("resumed push");
    assert_eq!(report.resumed, 4);
    assert_eq!(report.sent, report.graphs - 4);
    let first = first.lock().expect("lock");
    let second = second.lock().expect("lock");
    assert!(
        first.keys().all(|g| !second.contains_key(g)),
        "nothing sent twice"
    );
    assert_eq!(first.len() + second.len(), report.graphs);
}
