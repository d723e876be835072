//! The command line, run as a user would.

use assert_cmd::cargo::cargo_bin_cmd;
use assert_fs::TempDir;
use predicates::prelude::*;
use predicates::str::contains;

fn qe2rdf() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("qe2rdf");
    cmd.env_remove("QE2RDF_STORE");
    cmd
}

#[test]
fn help_lists_the_subcommands() {
    let out = qe2rdf().arg("--help").assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for sub in [
        "convert", "load", "query", "queries", "export", "stats", "parse", "validate", "serve",
        "push",
    ] {
        assert!(text.contains(sub), "{sub} missing from --help:\n{text}");
    }
}

#[test]
fn convert_writes_turtle_to_stdout_by_default() {
    qe2rdf()
        .args(["convert", "examples/question-16-QE-99001.txt"])
        .assert()
        .success()
        .stdout(contains("@prefix qe: <https://w3id.org/qe2rdf/ontology#>"))
        .stdout(contains("dcterms:identifier \"QANR5L16QE99001\""))
        .stderr(contains("converted 1 question"));
}

#[test]
fn convert_accepts_every_format() {
    let expectations = [
        ("turtle", "@prefix"),
        (
            "ntriples",
            "<https://w3id.org/qe2rdf/id/question/16/QE/99001> <http://purl.org/dc/terms/identifier> \"QANR5L16QE99001\" .",
        ),
        (
            "nquads",
            "<https://w3id.org/qe2rdf/id/graph/question/16/QE/99001> .",
        ),
        (
            "trig",
            "<https://w3id.org/qe2rdf/id/graph/question/16/QE/99001> {",
        ),
        ("rdfxml", "<rdf:RDF"),
        ("jsonld", "\"@context\""),
    ];
    for (format, needle) in expectations {
        qe2rdf()
            .args(["convert", "-f", format, "examples/question-16-QE-99001.txt"])
            .assert()
            .success()
            .stdout(contains(needle));
    }
}

#[test]
fn convert_to_a_file_picks_the_format_from_the_extension_and_writes_void() {
    let dir = TempDir::new().expect("tempdir");
    let out = dir.path().join("out.nt");
    let void = dir.path().join("void.ttl");
    qe2rdf()
        .args(["convert", "examples", "-o"])
        .arg(&out)
        .arg("--void")
        .arg(&void)
        .assert()
        .success();
    let nt = std::fs::read_to_string(&out).expect("output");
    assert!(nt.lines().all(|l| l.ends_with(" .")), "N-Triples");
    let void = std::fs::read_to_string(&void).expect("void");
    assert!(void.contains("void:triples"), "{void}");
    assert!(void.contains("etalab.gouv.fr/licence-ouverte-open-licence"));
}

#[test]
fn bad_input_exits_1_and_names_the_position() {
    qe2rdf()
        .args(["convert", "tests/data/invalid/bad-date.txt"])
        .assert()
        .code(1)
        .stderr(contains("line 6, column 29 (question 9001): invalid date \"32/13/2023\" in \"Question publiée au JO le\""));
}

#[test]
fn a_missing_input_exits_2() {
    qe2rdf()
        .args(["convert", "nope/missing.txt"])
        .assert()
        .code(2)
        .stderr(contains("nope/missing.txt: no such file or directory"));
}

#[test]
fn usage_errors_exit_2() {
    qe2rdf()
        .args(["convert", "-f", "n3", "examples"])
        .assert()
        .code(2);
}

#[test]
fn load_then_query_answers_from_the_store() {
    let dir = TempDir::new().expect("tempdir");
    let store = dir.path().join("store");
    qe2rdf()
        .args(["load", "examples"])
        .arg("--store")
        .arg(&store)
        .assert()
        .success()
        .stderr(contains("loaded 3 questions"));
    qe2rdf()
        .args(["query", "deputy-questions", "--param", "name=thomin", "-f", "csv"])
        .arg("--store")
        .arg(&store)
        .assert()
        .success()
        .stdout(contains("Mélanie Thomin,QANR5L16QOSD99003,2023-01-17,établissements de santé,Santé et prévention,réponse publiée"));
    qe2rdf()
        .args([
            "query",
            "--sparql",
            "SELECT (COUNT(*) AS ?n) WHERE { ?q a <https://w3id.org/qe2rdf/ontology#Question> }",
            "-f",
            "tsv",
        ])
        .arg("--store")
        .arg(&store)
        .assert()
        .success()
        .stdout(contains("3"));
    qe2rdf()
        .args(["export", "--question", "QANR5L15QE99002", "-f", "ntriples"])
        .arg("--store")
        .arg(&store)
        .assert()
        .success()
        .stdout(contains("<https://w3id.org/qe2rdf/ontology#closureReason> <https://w3id.org/qe2rdf/vocab/motif-cloture/fin-de-mandat>"));
    let stats = || {
        qe2rdf()
            .arg("stats")
            .arg("--store")
            .arg(&store)
            .assert()
            .success()
    };
    // The index counts the bodies the store's questions cite.
    let cited = qe2rdf()
        .args(["query", "-f", "tsv", "--store"])
        .arg(&store)
        .args([
            "--sparql",
            "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { GRAPH ?g { ?s <http://schema.org/mentions> ?b } }",
        ])
        .output()
        .expect("query");
    let cited = String::from_utf8_lossy(&cited.stdout)
        .lines()
        .nth(1)
        .and_then(|l| l.trim_start_matches('"').split('"').next())
        .expect("a count")
        .to_owned();
    assert!(cited.parse::<u32>().is_ok_and(|n| n > 0), "{cited}");
    stats().stdout(
        contains("questions    3")
            .and(contains("search index 3 questions, in step with the store")),
    );
    std::fs::remove_dir_all(store.join(qe2rdf::store::search::FOLDER)).expect("removed");
    stats().stdout(contains("search index none: run `qe2rdf index --rebuild`"));
}

#[test]
fn queries_lists_one_line_per_query_name_first() {
    let out = qe2rdf().arg("queries").assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), qe2rdf::store::queries::ALL.len());
    for q in qe2rdf::store::queries::ALL {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(q.name) && l.contains(q.description())),
            "{}",
            q.name
        );
    }
}

#[test]
fn unknown_query_names_get_a_suggestion() {
    let dir = TempDir::new().expect("tempdir");
    qe2rdf()
        .args(["query", "questions-per-ministy"])
        .arg("--store")
        .arg(dir.path().join("store"))
        .assert()
        .code(2)
        .stderr(contains("did you mean \"questions-per-ministry\""));
}

#[test]
fn a_missing_store_says_how_to_create_one() {
    let dir = TempDir::new().expect("tempdir");
    qe2rdf()
        .args(["query", "questions-per-ministry"])
        .arg("--store")
        .arg(dir.path().join("none"))
        .assert()
        .code(2)
        .stderr(contains("qe2rdf load"));
}

#[test]
fn sparql_syntax_errors_give_the_position() {
    let dir = TempDir::new().expect("tempdir");
    let store = dir.path().join("store");
    qe2rdf()
        .args(["load", "examples/question-16-QE-99001.txt", "-q"])
        .arg("--store")
        .arg(&store)
        .assert()
        .success();
    qe2rdf()
        .args(["query", "--sparql", "SELECT ?x WHERE { ?x ?y }"])
        .arg("--store")
        .arg(&store)
        .assert()
        .code(2)
        .stderr(contains("SPARQL syntax error").and(contains("1:")));
}

#[test]
fn parse_prints_one_json_object_per_question() {
    let out = qe2rdf()
        .args(["parse", "tests/data/variants/batch.txt"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let numbers: Vec<u64> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("json")["id"]["number"]
                .as_u64()
                .expect("number")
        })
        .collect();
    assert_eq!(numbers, [7001, 7002, 7003]);
}

#[test]
fn stdin_is_read_with_a_dash() {
    let page = std::fs::read("examples/question-16-QE-99001.txt").expect("example");
    qe2rdf()
        .args(["convert", "-f", "ntriples", "-"])
        .write_stdin(page)
        .assert()
        .success()
        .stdout(contains("QANR5L16QE99001"));
}

#[test]
fn serve_answers_over_http_and_logs_each_request() {
    use std::io::{BufRead, BufReader};
    let dir = TempDir::new().expect("tempdir");
    let store = dir.path().join("store");
    qe2rdf()
        .args(["load", "-q", "examples", "--store"])
        .arg(&store)
        .assert()
        .success();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_qe2rdf"))
        .args([
            "serve",
            "--timeout",
            "5",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--store",
        ])
        .arg(&store)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("serve");
    let mut log = BufReader::new(server.stderr.take().expect("stderr"));
    let mut banner = String::new();
    log.read_line(&mut banner).expect("banner");
    assert!(
        banner.contains(&format!("http://127.0.0.1:{port}/")),
        "{banner}"
    );
    let client = oxhttp::Client::new();
    let query = form_urlencoded::byte_serialize(
        b"SELECT (COUNT(*) AS ?n) WHERE { ?q a <https://w3id.org/qe2rdf/ontology#Question> }",
    )
    .collect::<String>();
    let mut answer = None;
    for _ in 0..50 {
        let request = oxhttp::model::Request::builder()
            .uri(format!("http://127.0.0.1:{port}/query?query={query}"))
            .header("Accept", "text/csv")
            .body(())
            .expect("request");
        if let Ok(response) = client.request(request) {
            answer = Some((
                response.status().as_u16(),
                response.into_body().to_string().expect("body"),
            ));
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let mut line = String::new();
    log.read_line(&mut line).expect("log line");
    server.kill().ok();
    server.wait().ok();
    assert_eq!(answer, Some((200, "n\r\n3\r\n".to_owned())));
    assert!(
        line.contains(" GET /query?query=") && line.contains(" 200 "),
        "{line}"
    );
}

/// The identifiers `qe2rdf search` finds for each query, one line per query.
fn search_answers(store: &std::path::Path, queries: &[&str]) -> String {
    let mut answers = String::new();
    for q in queries {
        let out = qe2rdf()
            .args(["search", "-f", "json", "--limit", "100", q])
            .arg("--store")
            .arg(store)
            .assert()
            .success();
        let doc: serde_json::Value =
            serde_json::from_slice(&out.get_output().stdout).expect("JSON");
        let mut uids: Vec<String> = doc["results"]
            .as_array()
            .expect("results")
            .iter()
            .filter_map(|r| r["uid"].as_str().map(str::to_owned))
            .collect();
        uids.sort();
        answers.push_str(&format!("{q}: {}\n", uids.join(" ")));
    }
    answers
}

/// Runs `qe2rdf load -q INPUT… --store STORE`, which must succeed.
fn load_quietly(store: &std::path::Path, inputs: &[&str]) {
    qe2rdf()
        .args(["load", "-q"])
        .args(inputs)
        .arg("--store")
        .arg(store)
        .assert()
        .success();
}

#[test]
fn a_load_updates_the_search_index_as_a_rebuild_would() {
    let dir = TempDir::new().expect("tempdir");
    let store = dir.path().join("store");
    let index = store.join(qe2rdf::store::search::FOLDER);
    load_quietly(&store, &["examples"]);
    assert!(index.is_dir());
    // The same question with another text, and new questions beside it.
    let original = std::fs::read_to_string("examples/question-16-QE-99001.txt").expect("example");
    assert!(original.contains("calendrier"));
    let changed = dir.path().join("question-16-QE-99001.txt");
    std::fs::write(&changed, original.replace("calendrier", "zorglub")).expect("written");
    qe2rdf()
        .args(["load", "tests/data/variants/batch.txt"])
        .arg(&changed)
        .arg("--store")
        .arg(&store)
        .assert()
        .success()
        .stderr(contains("search index:"));
    let queries = [
        "calendrier",
        "zorglub",
        "\"conversion des\"",
        "biologique",
        "ministre type:QE",
    ];
    let updated = search_answers(&store, &queries);
    // The old text is gone from the changed question (another still has the word).
    assert!(
        updated.contains("calendrier: QANR5L15QE99002\n"),
        "{updated}"
    );
    assert!(updated.contains("zorglub: QANR5L16QE99001\n"), "{updated}");
    assert!(updated.contains("7001"), "{updated}");
    let found = qe2rdf()
        .args([
            "query",
            "-f",
            "tsv",
            "full-text-search",
            "--param",
            "text=zorglub",
        ])
        .arg("--store")
        .arg(&store)
        .assert()
        .success();
    let found = String::from_utf8_lossy(&found.get_output().stdout).into_owned();
    assert_eq!(found.lines().count(), 2, "{found}");
    assert!(
        found.contains("QANR5L16QE99001") && found.contains("**zorglub**"),
        "{found}"
    );
    // Rebuilt from the store alone, or by the next load when it is gone: the same answers.
    qe2rdf()
        .args(["index", "--rebuild", "--store"])
        .arg(&store)
        .assert()
        .success()
        .stderr(contains("search index rebuilt"));
    assert_eq!(search_answers(&store, &queries), updated);
    std::fs::remove_dir_all(&index).expect("removed");
    qe2rdf()
        .args(["load", "examples/question-15-QE-99002.txt", "--store"])
        .arg(&store)
        .assert()
        .success()
        .stderr(contains("search index: the store had none; built from its"));
    assert!(index.is_dir());
    assert_eq!(search_answers(&store, &queries), updated);
}

/// The sorted lines of a command's standard output (which must succeed).
fn sorted_lines(cmd: &mut assert_cmd::Command) -> Vec<String> {
    let out = cmd.assert().success();
    let mut lines: Vec<String> = String::from_utf8_lossy(&out.get_output().stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

#[test]
fn a_store_holds_what_convert_writes_whichever_way_it_was_loaded() {
    // Generated questions share deputies, groups and ministries: each shared description
    // is written once by convert and must be in the store however the load went (bulk
    // loader, or transactions into a store that already has questions).
    let dir = TempDir::new().expect("tempdir");
    let pages = dir.path().join("pages.txt");
    let mut generator = qe2rdf::corpus::CorpusGenerator::new(17);
    let mut text = String::new();
    for _ in 0..200 {
        qe2rdf::corpus::write_text(&generator.next_question(), &mut text);
    }
    std::fs::write(&pages, text).expect("written");
    let pages = pages.to_str().expect("path");
    // (Each question once: convert writes every version of a question given twice, a load
    // keeps the last.)
    let inputs = ["tests/data/opendata", pages];
    let converted = sorted_lines(
        qe2rdf()
            .args(["convert", "-q", "-f", "nquads"])
            .args(inputs),
    );
    assert!(converted.len() > 10_000);
    let export = |store: &std::path::Path| {
        sorted_lines(
            qe2rdf()
                .args(["export", "-f", "nquads", "--store"])
                .arg(store),
        )
    };
    let same = |loaded: Vec<String>, how: &str| {
        let loaded: std::collections::BTreeSet<String> = loaded.into_iter().collect();
        let expected: std::collections::BTreeSet<&String> = converted.iter().collect();
        let missing: Vec<&String> = converted.iter().filter(|l| !loaded.contains(*l)).collect();
        let extra: Vec<&String> = loaded.iter().filter(|l| !expected.contains(l)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{how}: {} quads missing, {} extra; first missing: {:?}; first extra: {:?}",
            missing.len(),
            extra.len(),
            missing.first(),
            extra.first()
        );
    };
    let bulk = dir.path().join("bulk");
    load_quietly(&bulk, &inputs);
    same(export(&bulk), "bulk load");
    // Some questions first, then all of them in small transactions.
    let transactions = dir.path().join("transactions");
    load_quietly(&transactions, &["tests/data/opendata"]);
    qe2rdf()
        .args(["load", "-q", "--no-bulk", "--batch", "7"])
        .args(inputs)
        .arg("--store")
        .arg(&transactions)
        .assert()
        .success();
    same(export(&transactions), "loads in transactions");
}

#[test]
fn completions_and_manual_pages_come_from_the_command_line_definitions() {
    for (shell, needle) in [
        ("bash", "_qe2rdf()"),
        ("zsh", "#compdef qe2rdf"),
        ("fish", "complete -c qe2rdf"),
    ] {
        let out = qe2rdf().args(["completions", shell]).assert().success();
        let script = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(script.contains(needle), "{shell}: {script}");
        assert!(
            script.contains("convert") && script.contains("actors"),
            "{shell}"
        );
    }
    let dir = TempDir::new().expect("tempdir");
    qe2rdf()
        .args(["man", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    let page = std::fs::read_to_string(dir.path().join("qe2rdf-convert.1")).expect("page");
    assert!(page.contains(".TH qe2rdf-convert 1"), "{page}");
    assert!(page.contains("actors"));
    assert!(dir.path().join("qe2rdf.1").exists());
}

#[test]
fn validate_with_a_users_shapes_writes_a_shacl_report() {
    let dir = TempDir::new().expect("tempdir");
    let shapes = dir.path().join("shapes.ttl");
    // Every question must have been reviewed (none is), and its author must have a name
    // or a label (every deputy has one): a property shape, and sh:node with sh:or.
    std::fs::write(
        &shapes,
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n\
         @prefix qe: <https://w3id.org/qe2rdf/ontology#> .\n\
         @prefix dcterms: <http://purl.org/dc/terms/> .\n\
         @prefix ex: <https://example.org/shapes#> .\n\
         ex:Q a sh:NodeShape ; sh:targetClass qe:Question ;\n\
           sh:property [ sh:path dcterms:creator ; sh:node ex:Named ] ;\n\
           sh:property [ sh:path ex:reviewedBy ; sh:minCount 1 ; sh:message \"nobody reviewed it\" ] .\n\
         ex:Named a sh:NodeShape ; sh:or (\n\
           [ sh:path <http://xmlns.com/foaf/0.1/name> ; sh:minCount 1 ]\n\
           [ sh:path <http://www.w3.org/2004/02/skos/core#prefLabel> ; sh:minCount 1 ] ) .\n",
    )
    .expect("shapes");
    let out = qe2rdf()
        .args(["validate", "examples", "--shapes"])
        .arg(&shapes)
        .args(["-f", "ntriples"])
        .assert()
        .code(1)
        .stderr(contains("3 violations"));
    let report = oxigraph::store::Store::new().expect("store");
    report
        .load_from_slice(
            oxigraph::io::RdfFormat::NTriples,
            out.get_output().stdout.as_slice(),
        )
        .expect("the report is N-Triples");
    let rows = |sparql: &str| -> Vec<String> {
        let results = oxigraph::sparql::SparqlEvaluator::new()
            .parse_query(sparql)
            .expect("query")
            .on_store(&report)
            .execute()
            .expect("evaluated");
        match results {
            oxigraph::sparql::QueryResults::Solutions(s) => s
                .map(|row| {
                    row.expect("row")
                        .iter()
                        .map(|(_, t)| t.to_string())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let sh = "PREFIX sh: <http://www.w3.org/ns/shacl#> ";
    assert_eq!(
        rows(&format!(
            "{sh} SELECT ?c WHERE {{ ?r a sh:ValidationReport ; sh:conforms ?c }}"
        )),
        ["\"false\"^^<http://www.w3.org/2001/XMLSchema#boolean>"]
    );
    let mut focus = rows(&format!(
        "{sh} SELECT ?f WHERE {{ ?r sh:result [ sh:focusNode ?f ; sh:resultPath <https://example.org/shapes#reviewedBy> ; sh:sourceConstraintComponent sh:MinCountConstraintComponent ; sh:resultSeverity sh:Violation ; sh:resultMessage \"nobody reviewed it\" ] }}"
    ));
    focus.sort();
    assert_eq!(focus.len(), 3, "{focus:?}");
    assert!(
        focus
            .iter()
            .all(|f| f.starts_with("<https://w3id.org/qe2rdf/id/question/"))
    );
    // The authors have names: sh:node with sh:or finds nothing to report.
    assert!(
        rows(&format!(
            "{sh} SELECT ?f WHERE {{ ?r sh:result [ sh:focusNode ?f ; sh:sourceConstraintComponent sh:NodeConstraintComponent ] }}"
        ))
        .is_empty()
    );
}
