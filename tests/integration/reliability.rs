//! Crash safety and concurrency: `qe2rdf load` killed at random points, two loads racing
//! for one store, queries while a load runs, parallel conversion.
//!
//! The kill points are random; the seed is printed and `QE2RDF_TEST_SEED` replays a run.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use qe2rdf::corpus::{CorpusGenerator, Rng, json_value, write_text};
use qe2rdf::rdf::IriMinter;
use qe2rdf::store::QuestionStore;
use qe2rdf::store::search::IndexState;

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_qe2rdf"))
}

fn seed() -> u64 {
    let seed = std::env::var("QE2RDF_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    eprintln!("QE2RDF_TEST_SEED={seed}");
    seed
}

/// An open-data dump of `n` generated questions.
fn dump(dir: &Path, n: usize) -> PathBuf {
    let mut generator = CorpusGenerator::new(7);
    let questions: Vec<serde_json::Value> = (0..n)
        .map(|_| serde_json::json!({ "question": json_value(&generator.next_question()) }))
        .collect();
    let path = dir.join("dump.json");
    let json = serde_json::json!({ "questions": { "question": questions } });
    std::fs::write(&path, serde_json::to_vec(&json).expect("json")).expect("write dump");
    path
}

fn load(store: &Path, input: &Path, extra: &[&str]) -> Command {
    let mut cmd = Command::new(binary());
    cmd.env_remove("QE2RDF_STORE")
        .env("CI", "true")
        .arg("load")
        .arg(input)
        .arg("--store")
        .arg(store)
        .args(["--no-mentions", "--quiet"])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// Every graph of a store, as sorted N-Triples lines.
type Graphs = BTreeMap<String, BTreeSet<String>>;

fn graphs(store: &Path) -> Graphs {
    let store = QuestionStore::open_read_only(store, IriMinter::default()).expect("reopen");
    let mut out = Graphs::new();
    for q in store.all_quads().expect("quads") {
        out.entry(q.graph_name.to_string())
            .or_default()
            .insert(format!("{} {} {}", q.subject, q.predicate, q.object));
    }
    out
}

/// Every question graph present is exactly as after a clean load, and the shared
/// descriptions are a part of the clean ones. Returns the number of questions present.
fn check_whole_questions(partial: &Graphs, clean: &Graphs, reference: &str) -> usize {
    let mut questions = 0;
    for (graph, triples) in partial {
        let expected = clean
            .get(graph)
            .unwrap_or_else(|| panic!("graph {graph} is not in the clean load"));
        if graph == reference {
            assert!(
                triples.is_subset(expected),
                "the reference graph holds triples a clean load does not"
            );
        } else {
            assert_eq!(triples, expected, "question graph {graph} is incomplete");
            questions += 1;
        }
    }
    questions
}

fn wait_for_store(store: &Path, child: &mut Child) {
    let started = Instant::now();
    while !store.join("CURRENT").exists() {
        assert!(
            child.try_wait().expect("wait").is_none() || store.join("CURRENT").exists(),
            "the load ended before creating the store"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no store after 60 s"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// What the search index holds that the store does not, and the reverse (for the
/// message of a failed assertion).
fn index_against_store(store: &Path, graphs: &Graphs) -> String {
    let opened = QuestionStore::open_read_only(store, IriMinter::default()).expect("store");
    let uids = opened.indexed_uids().expect("index");
    let in_store: BTreeSet<String> = graphs
        .keys()
        .filter_map(|g| {
            let rest = g
                .trim_matches(['<', '>'])
                .rsplit("graph/question/")
                .next()?;
            let parts: Vec<&str> = rest.split('/').collect();
            (parts.len() == 3).then(|| format!("QANR5L{}{}{}", parts[0], parts[1], parts[2]))
        })
        .collect();
    let mut seen = BTreeSet::new();
    let twice: Vec<&String> = uids.iter().filter(|u| !seen.insert(*u)).collect();
    let extra: Vec<&String> = seen
        .iter()
        .copied()
        .filter(|u| !in_store.contains(*u))
        .collect();
    let missing: Vec<&String> = in_store.iter().filter(|u| !seen.contains(u)).collect();
    format!(
        "indexed twice: {twice:?}; indexed, not in the store: {extra:?}; in the store, not indexed: {missing:?}"
    )
}

/// How the search index of a store stands.
fn search_state(store: &Path) -> IndexState {
    QuestionStore::open_read_only(store, IriMinter::default())
        .expect("store")
        .search_state()
}

#[test]
fn a_killed_load_keeps_whole_questions_and_finishes_like_a_clean_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dump(dir.path(), 1200);
    let clean_store = dir.path().join("clean");
    let started = Instant::now();
    let status = load(&clean_store, &input, &[])
        .status()
        .expect("clean load");
    assert!(status.success());
    let duration = started.elapsed();
    let clean = graphs(&clean_store);
    let reference = format!("<{}>", IriMinter::default().reference_graph().as_str());
    let total = clean.len() - 1;
    assert_eq!(total, 1200);

    let mut rng = Rng::new(seed());
    let store = dir.path().join("killed");
    let mut kills = 0;
    let mut present = Vec::new();
    // The first loads start on an empty store (bulk loader), later ones on a partial store
    // (transactions); small commits put many commit points in the way of the kills.
    for (round, extra) in [
        &["--batch", "100"][..],
        &["--batch", "25", "--no-bulk"],
        &["--batch", "10"],
        &["--batch", "50", "--threads", "1"],
        &["--batch", "7", "--no-bulk"],
        &["--batch", "200"],
    ]
    .iter()
    .enumerate()
    {
        let mut child = load(&store, &input, extra).spawn().expect("spawn load");
        let at = duration.mul_f64(0.05 + 0.9 * (rng.below(1000) as f64 / 1000.0));
        std::thread::sleep(at);
        let finished = child.try_wait().expect("try_wait").is_some();
        child.kill().ok();
        child.wait().expect("reap");
        if !finished {
            kills += 1;
        }
        if store.join("CURRENT").exists() {
            let partial = graphs(&store);
            let n = check_whole_questions(&partial, &clean, &reference);
            // The search index holds what the store holds, or says it is behind.
            let state = search_state(&store);
            match state {
                IndexState::Ready { questions } => {
                    assert_eq!(
                        questions as usize,
                        n,
                        "round {round}: a ready index holds the store's questions; {}",
                        index_against_store(&store, &partial)
                    );
                }
                IndexState::Stale { pending, .. } => assert!(pending > 0),
                IndexState::Missing => {
                    assert_eq!(n, 0, "round {round}: questions without an index")
                }
            }
            eprintln!(
                "round {round}: killed after {at:?}, {n}/{total} questions present, all whole; search index {state:?}"
            );
            present.push(n);
        } else {
            eprintln!("round {round}: killed after {at:?}, before the store existed");
        }
    }
    assert!(
        kills >= 3,
        "only {kills} loads were killed before they ended"
    );
    let status = load(&store, &input, &[]).status().expect("final load");
    assert!(status.success(), "the load finishes on the killed store");
    assert_eq!(
        graphs(&store),
        clean,
        "after the final load the store equals a clean load"
    );
    assert_eq!(search_state(&store), IndexState::Ready { questions: 1200 });
    assert_eq!(
        search_state(&clean_store),
        IndexState::Ready { questions: 1200 }
    );
    let found = |store: &Path| -> Vec<String> {
        let store = QuestionStore::open_read_only(store, IriMinter::default()).expect("store");
        let mut uids: Vec<String> = store
            .search("ministre", 2000, 0)
            .expect("search")
            .hits
            .into_iter()
            .map(|h| h.uid)
            .collect();
        uids.sort();
        uids
    };
    assert_eq!(
        found(&store),
        found(&clean_store),
        "the same questions found"
    );
    eprintln!("{kills} kills survived, questions present after each: {present:?}, 0 triples lost");
}

#[test]
fn a_second_load_on_the_same_store_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dump(dir.path(), 800);
    let store = dir.path().join("store");
    let mut first = load(&store, &input, &["--batch", "20", "--no-bulk"])
        .spawn()
        .expect("first load");
    wait_for_store(&store, &mut first);
    let second = load(&store, &input, &[]).output().expect("second load");
    let first_status = first.wait().expect("first load ends");
    assert!(first_status.success(), "the first load is not disturbed");
    assert_eq!(second.status.code(), Some(2));
    let message = String::from_utf8_lossy(&second.stderr);
    assert!(
        message.contains("in use by another qe2rdf process"),
        "{message}"
    );
    assert_eq!(
        graphs(&store).len(),
        801,
        "every question of the first load is in"
    );
}

#[test]
fn queries_during_a_load_see_whole_questions_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dump(dir.path(), 1000);
    let clean_store = dir.path().join("clean");
    assert!(
        load(&clean_store, &input, &[])
            .status()
            .expect("clean")
            .success()
    );
    let clean = graphs(&clean_store);
    let store = dir.path().join("store");
    let mut loading = load(&store, &input, &["--batch", "20", "--no-bulk"])
        .spawn()
        .expect("load");
    wait_for_store(&store, &mut loading);
    let sparql = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g";
    let sizes: BTreeMap<String, usize> = clean
        .iter()
        .map(|(g, t)| (g.trim_matches(['<', '>']).to_owned(), t.len()))
        .collect();
    let reference = IriMinter::default().reference_graph().as_str().to_owned();
    let mut answered = 0;
    let mut seen = Vec::new();
    loop {
        let done = loading.try_wait().expect("try_wait").is_some();
        let out = Command::new(binary())
            .env_remove("QE2RDF_STORE")
            .args(["query", "--format", "tsv", "--store"])
            .arg(&store)
            .args(["--sparql", sparql])
            .output()
            .expect("query");
        assert!(
            out.status.success(),
            "a query during the load failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).expect("utf-8");
        let mut questions = 0;
        for line in text.lines().skip(1) {
            let (graph, n) = line.split_once('\t').expect("two columns");
            let graph = graph.trim_matches(['<', '>']);
            let n: usize = n.split('"').nth(1).unwrap_or(n).parse().expect("count");
            if graph == reference {
                continue;
            }
            assert_eq!(
                Some(&n),
                sizes.get(graph),
                "graph {graph} seen half written"
            );
            questions += 1;
        }
        answered += 1;
        seen.push(questions);
        if done {
            break;
        }
    }
    assert!(loading.wait().expect("load").success());
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "the questions seen never go back: {seen:?}"
    );
    assert_eq!(seen.last(), Some(&1000));
    eprintln!("{answered} queries during the load, questions seen: {seen:?}");
}

#[test]
fn parallel_conversion_writes_what_a_sequential_one_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("pages");
    std::fs::create_dir(&folder).expect("folder");
    let mut generator = CorpusGenerator::new(11);
    for i in 0..300 {
        let mut text = String::new();
        write_text(&generator.next_question(), &mut text);
        std::fs::write(folder.join(format!("q{i:04}.txt")), text).expect("page");
    }
    let one = convert_to_nquads(&folder, 1);
    assert!(one.len() > 100_000);
    assert_eq!(one, convert_to_nquads(&folder, 2), "2 threads");
    assert_eq!(one, convert_to_nquads(&folder, 8), "8 threads");
}

/// `qe2rdf convert` of `input` to N-Quads on `threads` threads: what it writes.
fn convert_to_nquads(input: &Path, threads: usize) -> Vec<u8> {
    let out = Command::new(binary())
        .args(["convert", "-q", "--format", "nquads", "--threads"])
        .arg(threads.to_string())
        .arg(input)
        .output()
        .expect("convert");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn large_documents_convert_alike_on_one_thread_and_on_several() {
    // Above 8 MB a page-text file is cut into parts and the questions of a JSON dump are
    // cut out on the reading thread, then read by the workers.
    let dir = tempfile::tempdir().expect("tempdir");
    let text_file = dir.path().join("pages.txt");
    let json_file = dir.path().join("dump.json");
    let mut generator = CorpusGenerator::new(23);
    let (mut text, mut json) = (
        String::new(),
        String::from("{\"questions\": {\"question\": [\n"),
    );
    let mut count = 0;
    while text.len() < (9 << 20) || json.len() < (9 << 20) {
        let q = generator.next_question();
        write_text(&q, &mut text);
        if count > 0 {
            json.push_str(",\n");
        }
        json.push_str(&serde_json::json!({ "question": json_value(&q) }).to_string());
        count += 1;
    }
    json.push_str("\n]}}\n");
    std::fs::write(&text_file, &text).expect("text");
    std::fs::write(&json_file, &json).expect("json");
    for file in [&text_file, &json_file] {
        let one = convert_to_nquads(file, 1);
        let questions = String::from_utf8_lossy(&one)
            .matches("#type> <https://w3id.org/qe2rdf/ontology#Question> ")
            .count();
        assert_eq!(questions, count, "{}", file.display());
        assert_eq!(
            one,
            convert_to_nquads(file, 2),
            "{} on 2 threads",
            file.display()
        );
    }
}
