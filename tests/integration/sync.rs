//! `qe2rdf sync` against an archive server played on loopback: successive snapshots of an
//! archive of one document per question, conditional requests, and failures of every kind.

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use assert_cmd::cargo::cargo_bin_cmd;
use oxhttp::model::{Body, Response, StatusCode};
use predicates::prelude::*;
use qe2rdf::corpus::{CorpusGenerator, json_value};
use qe2rdf::rdf::IriMinter;
use qe2rdf::store::{QueryOptions, QueryOutput, QuestionStore};
use serde_json::Value;

/// How the server answers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The archive, or 304 when the client has it.
    Serve,
    /// The first half of the archive only.
    Cut,
    /// 500.
    Fail,
    /// Nothing for a while.
    Slow,
    /// A redirection to itself.
    Loop,
}

/// What the server serves.
struct Served {
    bytes: Vec<u8>,
    etag: String,
    mode: Mode,
    /// Requests, and those answered with the archive.
    requests: usize,
    downloads: usize,
}

type Shared = Arc<Mutex<Served>>;

fn server() -> (String, Shared) {
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let shared: Shared = Arc::new(Mutex::new(Served {
        bytes: Vec::new(),
        etag: String::new(),
        mode: Mode::Serve,
        requests: 0,
        downloads: 0,
    }));
    let state = Arc::clone(&shared);
    oxhttp::Server::new(move |request| {
        let (mode, etag, bytes) = {
            let mut s = state.lock().expect("lock");
            s.requests += 1;
            (s.mode, s.etag.clone(), s.bytes.clone())
        };
        let response = Response::builder();
        match mode {
            Mode::Fail => response
                .status(StatusCode::INTERNAL_SERVER_ERROR)
                .body(Body::from("the archive is being rebuilt")),
            Mode::Loop => response
                .status(StatusCode::FOUND)
                .header("location", request.uri().to_string())
                .body(Body::empty()),
            Mode::Slow => {
                std::thread::sleep(Duration::from_secs(4));
                response.status(StatusCode::OK).body(Body::from(bytes))
            }
            Mode::Cut => response
                .status(StatusCode::OK)
                .body(Body::from(bytes[..bytes.len() / 2].to_vec())),
            Mode::Serve => {
                let matches = request
                    .headers()
                    .get("if-none-match")
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v == etag);
                if matches {
                    response
                        .status(StatusCode::NOT_MODIFIED)
                        .header("etag", etag.as_str())
                        .body(Body::empty())
                } else {
                    state.lock().expect("lock").downloads += 1;
                    response
                        .status(StatusCode::OK)
                        .header("etag", etag.as_str())
                        .header("last-modified", "Fri, 04 Dec 2026 06:00:00 GMT")
                        .body(Body::from(bytes))
                }
            }
        }
        .expect("response")
    })
    .bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
    .spawn()
    .expect("server");
    (
        format!("http://127.0.0.1:{port}/repository/17/questions/Questions_ecrites.json.zip"),
        shared,
    )
}

/// An archive of one JSON document per question, as the Assembly publishes it.
fn archive(questions: &[Value]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for q in questions {
        let uid = q["uid"].as_str().expect("uid");
        zip.start_file(format!("json/{uid}.json"), options)
            .expect("member");
        zip.write_all(serde_json::json!({ "question": q }).to_string().as_bytes())
            .expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

fn publish(shared: &Shared, questions: &[Value], etag: &str) {
    let mut s = shared.lock().expect("lock");
    s.bytes = archive(questions);
    s.etag = format!("\"{etag}\"");
    s.mode = Mode::Serve;
}

fn sync(store: &Path, url: &str) -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("qe2rdf");
    cmd.env_remove("QE2RDF_STORE")
        .args(["sync", "--timeout", "2", "--store"])
        .arg(store)
        .arg(url);
    cmd
}

fn rows(store: &Path, sparql: &str) -> Vec<Vec<String>> {
    let store = QuestionStore::open_read_only(store, IriMinter::default()).expect("store");
    match store
        .query(sparql, &QueryOptions::default())
        .expect("query")
    {
        QueryOutput::Solutions { rows, .. } => rows
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|t| t.map(|t| t.to_string()).unwrap_or_default())
                    .collect()
            })
            .collect(),
        other => panic!("{other:?}"),
    }
}

/// Each question's graph name and when it was last changed.
fn graphs(store: &Path) -> Vec<Vec<String>> {
    rows(
        store,
        "SELECT ?g ?m WHERE { GRAPH ?g { ?q a <https://w3id.org/qe2rdf/ontology#Question> ; <http://purl.org/dc/terms/modified> ?m } } ORDER BY ?g",
    )
}

/// The change log: each activity's question, type and kinds.
fn activities(store: &Path) -> Vec<Vec<String>> {
    rows(
        store,
        "PREFIX as: <https://www.w3.org/ns/activitystreams#> SELECT ?q ?type (GROUP_CONCAT(STR(?k); SEPARATOR=' ') AS ?kinds) WHERE { \
         ?a as:object ?q ; a ?type ; <https://w3id.org/qe2rdf/ontology#changeKind> ?k FILTER(?type != <http://www.w3.org/ns/prov#Activity>) } \
         GROUP BY ?a ?q ?type ORDER BY ?q ?type",
    )
}

#[test]
fn successive_snapshots_change_exactly_what_changed() {
    let (url, shared) = server();
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    let mut generator = CorpusGenerator::new(77);
    let mut questions: Vec<Value> = (0..30)
        .map(|_| json_value(&generator.next_question()))
        .collect();

    // First sync: everything is new.
    publish(&shared, &questions, "v1");
    sync(&store, &url)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "sync: 30 new, 0 changed, 0 unchanged",
        ));
    let first = graphs(&store);
    assert_eq!(first.len(), 30);
    assert_eq!(activities(&store).len(), 30);
    assert!(
        activities(&store)
            .iter()
            .all(|a| a[1].ends_with("#Create>") && a[2].contains("nouvelle-question"))
    );

    // Second snapshot: three questions changed (an answer, a ministry, a text), two new, and
    // the others re-written with other spaces and keys in another order.
    std::thread::sleep(Duration::from_millis(1100));
    let unanswered: Vec<usize> = (0..questions.len())
        .filter(|&i| questions[i]["textesReponse"].is_null())
        .collect();
    let answered = unanswered[0];
    questions[answered]["textesReponse"] = serde_json::json!({"texteReponse": {"infoJO": {"typeJO": "JO_QUESTION", "dateJO": "2026-11-10", "pageJO": "12", "numJO": null}, "texte": "<p>Réponse du ministre.</p>", "erratum": null}});
    questions[answered]["cloture"] = serde_json::json!({"codeCloture": "REP_PUB", "libelleCloture": "Réponse publiée", "dateCloture": "2026-11-10", "infoJO": null});
    let moved = (answered + 1) % questions.len();
    questions[moved]["minAttribs"]["minAttrib"] = serde_json::json!([
        questions[moved]["minAttribs"]["minAttrib"].as_array().map_or_else(|| questions[moved]["minAttribs"]["minAttrib"].clone(), |a| a[0].clone()),
        {"infoJO": {"typeJO": "JO_QUESTION", "dateJO": "2026-11-12", "pageJO": null, "numJO": null}, "denomination": {"abrege": "Armées", "developpe": "Ministère des armées"}}
    ]);
    let rewritten = (answered + 2) % questions.len();
    questions[rewritten]["textesQuestion"]["texteQuestion"]["texte"] =
        Value::String("<p>Un texte entièrement réécrit.</p>".into());
    let mut second = questions.clone();
    second.extend((0..2).map(|_| json_value(&generator.next_question())));
    publish(&shared, &second, "v2");
    sync(&store, &url)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "sync: 2 new, 3 changed, 27 unchanged",
        ));
    let after = graphs(&store);
    assert_eq!(after.len(), 32);
    let touched: Vec<&Vec<String>> = after.iter().filter(|g| !first.contains(g)).collect();
    assert_eq!(touched.len(), 5, "exactly five graphs written: {touched:?}");
    let log = activities(&store);
    assert_eq!(log.len(), 35);
    let kinds = |uid_part: &str| -> String {
        log.iter()
            .filter(|a| a[0].contains(uid_part) && a[1].ends_with("#Update>"))
            .map(|a| a[2].clone())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let path_of = |q: &Value| {
        format!(
            "/{}/QE/{}>",
            q["identifiant"]["legislature"].as_str().expect("leg"),
            q["identifiant"]["numero"].as_str().expect("num")
        )
    };
    assert!(
        kinds(&path_of(&questions[answered])).contains("nouvelle-reponse"),
        "{log:?}"
    );
    assert!(
        kinds(&path_of(&questions[moved])).contains("changement-ministere"),
        "{log:?}"
    );
    assert!(
        kinds(&path_of(&questions[rewritten])).contains("nouveau-texte"),
        "{log:?}"
    );
    assert_eq!(log.iter().filter(|a| a[1].ends_with("#Update>")).count(), 3);

    // Third sync: the server says 304; nothing downloaded, nothing read.
    let downloads = shared.lock().expect("lock").downloads;
    sync(&store, &url).assert().success().stderr(predicate::str::contains("sync: 0 new, 0 changed, 32 unchanged, 0 not in the archive any more, 1 source not modified"));
    assert_eq!(shared.lock().expect("lock").downloads, downloads);
    assert_eq!(graphs(&store), after);

    // A snapshot with the same facts in documents written otherwise: read, nothing written.
    let mut spaced = second.clone();
    for q in &mut spaced {
        if let Some(text) = q["textesQuestion"]["texteQuestion"]["texte"].as_str() {
            q["textesQuestion"]["texteQuestion"]["texte"] = Value::String(format!("  {text}  "));
        }
    }
    publish(&shared, &spaced, "v3");
    sync(&store, &url)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "sync: 0 new, 0 changed, 32 unchanged",
        ));
    assert_eq!(graphs(&store), after);

    // Questions gone from a newer archive are kept, and said.
    publish(&shared, &spaced[2..], "v4");
    sync(&store, &url)
        .assert()
        .success()
        .stderr(predicate::str::contains("2 not in the archive any more"));
    assert_eq!(graphs(&store).len(), 32);

    // The change log through the bundled query and the command.
    let mut changes = cargo_bin_cmd!("qe2rdf");
    changes
        .args([
            "changes",
            "-f",
            "csv",
            "--since",
            "2000-01-01T00:00:00+01:00",
            "--store",
        ])
        .arg(&store);
    let out = changes.assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert_eq!(text.lines().count(), 36, "{text}");
    assert!(text.starts_with("question,change,at"), "{text}");
    assert!(text.contains("nouvelle réponse"), "{text}");
}

#[test]
fn a_failing_source_leaves_the_store_as_it_was() {
    let (url, shared) = server();
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    let mut generator = CorpusGenerator::new(78);
    let questions: Vec<Value> = (0..10)
        .map(|_| json_value(&generator.next_question()))
        .collect();
    publish(&shared, &questions, "v1");
    sync(&store, &url).assert().success();
    let before = graphs(&store);
    let mut changed = questions.clone();
    changed.push(json_value(&generator.next_question()));
    publish(&shared, &changed, "v2");
    for (mode, says) in [
        (Mode::Cut, "not a complete zip archive"),
        (Mode::Fail, "the server answered 500"),
        (Mode::Slow, "timeout"),
        (Mode::Loop, "redirect"),
    ] {
        shared.lock().expect("lock").mode = mode;
        sync(&store, &url)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says))
            .stderr(predicate::str::contains("could not be fetched or read"));
        assert_eq!(graphs(&store), before, "{says}");
        assert!(
            !store.join("qe2rdf-sync/downloads").exists(),
            "{says}: a download left behind"
        );
    }
    // The next sync starts clean.
    shared.lock().expect("lock").mode = Mode::Serve;
    sync(&store, &url)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "sync: 1 new, 0 changed, 10 unchanged",
        ));
}

#[test]
fn two_syncs_at_once_on_one_store_the_second_is_refused() {
    let (url, shared) = server();
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    let mut generator = CorpusGenerator::new(79);
    let questions: Vec<Value> = (0..5)
        .map(|_| json_value(&generator.next_question()))
        .collect();
    publish(&shared, &questions, "v1");
    shared.lock().expect("lock").mode = Mode::Slow;
    let mut first = std::process::Command::new(env!("CARGO_BIN_EXE_qe2rdf"))
        .args(["sync", "--timeout", "20", "--store"])
        .arg(&store)
        .arg(&url)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("first sync");
    // Wait until the first sync holds the store.
    for _ in 0..100 {
        if store.join("LOCK").exists() && shared.lock().expect("lock").requests > 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    sync(&store, &url)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("in use by another qe2rdf process"));
    assert!(first.wait().expect("first sync ends").success());
    assert_eq!(graphs(&store).len(), 5);
}

#[test]
fn a_first_sync_that_meets_a_question_twice_keeps_its_last_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    let mut generator = CorpusGenerator::new(80);
    let questions: Vec<Value> = (0..4)
        .map(|_| json_value(&generator.next_question()))
        .collect();
    let mut later = questions[1].clone();
    later["textesQuestion"]["texteQuestion"]["texte"] =
        Value::String("<p>La version corrigée de la question.</p>".into());
    // An archive (a local file) with the second question twice, its corrected version last.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (i, q) in questions.iter().chain([&later]).enumerate() {
        zip.start_file(format!("json/{i:02}.json"), options)
            .expect("member");
        zip.write_all(serde_json::json!({ "question": q }).to_string().as_bytes())
            .expect("write");
    }
    let path = dir.path().join("Questions_ecrites.json.zip");
    std::fs::write(&path, zip.finish().expect("finish").into_inner()).expect("archive");
    let mut cmd = cargo_bin_cmd!("qe2rdf");
    cmd.env_remove("QE2RDF_STORE")
        .args(["sync", "--store"])
        .arg(&store)
        .arg(&path)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "sync: 4 new, 1 changed, 0 unchanged",
        ));
    assert_eq!(graphs(&store).len(), 4);
    let texts = rows(
        &store,
        "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?t FILTER(ISLITERAL(?t) && CONTAINS(STR(?t), \"corrigée\")) } }",
    );
    assert_eq!(texts.len(), 1, "{texts:?}");
    // …and nothing of the first version is left beside it.
    let first: String = questions[1]["textesQuestion"]["texteQuestion"]["texte"]
        .as_str()
        .expect("text")
        .replace("<p>", "")
        .chars()
        .take(25)
        .collect();
    let old = rows(
        &store,
        &format!(
            "SELECT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?t FILTER(ISLITERAL(?t) && CONTAINS(STR(?t), {first:?})) }} }}"
        ),
    );
    assert!(old.is_empty(), "{first}: {old:?}");
    let log = activities(&store);
    assert_eq!(log.len(), 5, "{log:?}");
    assert_eq!(log.iter().filter(|a| a[1].ends_with("#Update>")).count(), 1);
}
