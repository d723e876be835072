//! `qe2rdf serve` as a linked-data site, over HTTP, on a store of generated questions: an
//! RDF client (sophia) crawls it from one deputy's IRI, and a link checker follows every
//! internal link of its pages.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use assert_cmd::cargo::cargo_bin_cmd;
use qe2rdf::corpus::{CorpusGenerator, json_value};
use sophia::api::prelude::*;
use sophia::api::term::SimpleTerm;

const BASE: &str = "https://w3id.org/qe2rdf/id/";
const PROJECT: &str = "https://w3id.org/qe2rdf/";

/// A server over a store of `count` generated questions (JSON, loaded with the search
/// index and the cited bodies).
struct Site {
    server: Child,
    port: u16,
    client: oxhttp::Client,
    _dir: tempfile::TempDir,
}

impl Drop for Site {
    fn drop(&mut self) {
        self.server.kill().ok();
        self.server.wait().ok();
    }
}

impl Site {
    fn start(count: usize, seed: u64) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut generator = CorpusGenerator::new(seed);
        let questions: Vec<serde_json::Value> = (0..count)
            .map(|_| json_value(&generator.next_question()))
            .collect();
        let dump = dir.path().join("questions.json");
        let mut file = std::fs::File::create(&dump).expect("dump");
        write!(
            file,
            "{}",
            serde_json::json!({ "questions": { "question": questions } })
        )
        .expect("write");
        let store = dir.path().join("store");
        cargo_bin_cmd!("qe2rdf")
            .args(["load", "-q", "--store"])
            .arg(&store)
            .arg(&dump)
            .assert()
            .success();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("port")
            .port();
        let server = Command::new(env!("CARGO_BIN_EXE_qe2rdf"))
            .args([
                "serve",
                "--quiet",
                "--bind",
                &format!("127.0.0.1:{port}"),
                "--store",
            ])
            .arg(&store)
            .stderr(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("serve");
        let site = Self {
            server,
            port,
            client: oxhttp::Client::new()
                .with_global_timeout(Duration::from_secs(60))
                .with_redirection_limit(3),
            _dir: dir,
        };
        for _ in 0..100 {
            if site.try_get("/queries", None).is_some() {
                return site;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the server did not answer");
    }

    fn try_get(&self, path: &str, accept: Option<&str>) -> Option<(u16, String, String, String)> {
        let mut builder =
            oxhttp::model::Request::builder().uri(format!("http://127.0.0.1:{}{path}", self.port));
        if let Some(a) = accept {
            builder = builder.header("Accept", a);
        }
        let response = self.client.request(builder.body(()).ok()?).ok()?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let (content_type, location) = (header("content-type"), header("location"));
        let status = response.status().as_u16();
        let body = response.into_body().to_string().unwrap_or_default();
        Some((status, content_type, location, body))
    }

    /// GET (the client follows the 303s).
    fn get(&self, path: &str, accept: Option<&str>) -> (u16, String, String) {
        let (status, content_type, location, body) = self
            .try_get(path, accept)
            .unwrap_or_else(|| panic!("GET {path}"));
        if status == 303 {
            assert!(location.starts_with('/'), "{path}: Location {location}");
            let (status, content_type, _, body) = self
                .try_get(&location, accept)
                .unwrap_or_else(|| panic!("GET {location}"));
            return (status, content_type, body);
        }
        (status, content_type, body)
    }

    /// Rows of a SPARQL query, as CSV lines.
    fn csv(&self, sparql: &str) -> Vec<String> {
        let query: String = form_urlencoded::byte_serialize(sparql.as_bytes()).collect();
        let (status, _, body) = self.get(&format!("/query?query={query}"), Some("text/csv"));
        assert_eq!(status, 200, "{body}");
        body.lines().skip(1).map(str::to_owned).collect()
    }
}

/// The kind of a resource, from its IRI (`None`: not one this site publishes).
fn kind_of(iri: &str) -> Option<&'static str> {
    if let Some(rest) = iri.strip_prefix(BASE) {
        let parts: Vec<&str> = rest.split('/').collect();
        return Some(match parts.as_slice() {
            ["question", _, _, _] => "question",
            ["question", ..] => "part of a question",
            ["acteur", _] => "deputy",
            ["organe", _] => "group or ministry",
            ["rubrique", _] => "rubric",
            ["entite", _] => "cited body",
            ["departement", _] => "department",
            ["legislature", _] => "legislature",
            _ => "other",
        });
    }
    iri.strip_prefix(PROJECT)
        .filter(|r| r.starts_with("vocab/"))
        .map(|_| "concept")
}

#[test]
fn an_rdf_client_crawls_every_kind_of_resource_from_one_deputy() {
    let site = Site::start(1500, 41);
    // How many of each kind the store holds: the crawl must reach 100 of each, or all.
    let mut available: BTreeMap<&str, usize> = BTreeMap::new();
    for line in
        site.csv("SELECT DISTINCT ?x WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } FILTER(ISIRI(?x)) }")
    {
        if let Some(kind) = kind_of(line.trim()) {
            *available.entry(kind).or_default() += 1;
        }
    }
    for kind in [
        "question",
        "deputy",
        "group or ministry",
        "rubric",
        "cited body",
        "department",
        "legislature",
        "concept",
    ] {
        assert!(
            available.get(kind).copied().unwrap_or(0) > 0,
            "no {kind} in the store: {available:?}"
        );
    }
    let start = site
        .csv("SELECT ?d WHERE { ?d a <https://w3id.org/qe2rdf/ontology#Deputy> } ORDER BY ?d LIMIT 1")
        .into_iter()
        .next()
        .expect("a deputy");
    let mut queue = VecDeque::from([start]);
    // Resources of a kind already fetched 100 times wait here, fetched only while some
    // kind still lacks resources (a question leads to a department, say).
    let mut later: VecDeque<String> = VecDeque::new();
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut fetched: BTreeMap<&str, usize> = BTreeMap::new();
    let wanted = |kind: &str| available.get(kind).copied().unwrap_or(0).min(100);
    loop {
        let lacking = available
            .keys()
            .any(|k| *k != "other" && fetched.get(k).copied().unwrap_or(0) < wanted(k));
        let (iri, deferred) = match queue.pop_front() {
            Some(iri) => (iri, false),
            None if lacking => match later.pop_front() {
                Some(iri) => (iri, true),
                None => break,
            },
            None => break,
        };
        let Some(kind) = kind_of(&iri) else { continue };
        if !deferred && fetched.get(kind).copied().unwrap_or(0) >= wanted(kind).max(20) {
            later.push_back(iri);
            continue;
        }
        let path = match iri.strip_prefix(BASE) {
            Some(rest) => format!("/id/{rest}"),
            None => format!("/{}", iri.strip_prefix(PROJECT).expect("project IRI")),
        };
        let (status, content_type, body) = site.get(&path, Some("text/turtle"));
        assert_eq!(status, 200, "{iri}: {body}");
        assert_eq!(content_type, "text/turtle", "{iri}");
        let triples: Vec<[SimpleTerm<'static>; 3]> =
            sophia::turtle::parser::turtle::TurtleParser::new()
                .parse_str(&body)
                .collect_triples()
                .unwrap_or_else(|e| panic!("{iri}: {e}\n{body}"));
        let about = triples
            .iter()
            .filter(|t| t[0].iri().is_some_and(|s| s.as_str() == iri))
            .count();
        assert!(about > 0, "{iri}: the description is not about it\n{body}");
        *fetched.entry(kind).or_default() += 1;
        for t in &triples {
            for term in [&t[0], &t[2]] {
                if let Some(i) = term.iri() {
                    let i = i.as_str();
                    if kind_of(i).is_some() && !i.contains('#') && seen.insert(i.to_owned()) {
                        queue.push_back(i.to_owned());
                    }
                }
            }
        }
    }
    for (kind, n) in &available {
        if *kind == "other" {
            continue;
        }
        assert!(
            fetched.get(kind).copied().unwrap_or(0) >= (*n).min(100),
            "{kind}: {} fetched of {n} (fetched: {fetched:?})",
            fetched.get(kind).copied().unwrap_or(0)
        );
    }
}

/// The internal links of a page (`href="/…"`), without their fragment.
fn internal_links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with('/') && !href.starts_with("//"))
        .map(|href| {
            href.split('#')
                .next()
                .unwrap_or_default()
                .replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn no_internal_link_of_any_page_is_dead() {
    let site = Site::start(600, 43);
    let mut queue: VecDeque<String> = VecDeque::from([
        "/".to_owned(),
        "/ontology".to_owned(),
        "/search?q=communes".to_owned(),
    ]);
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut pages = 0;
    let mut checked = 0;
    let mut kinds: BTreeSet<String> = BTreeSet::new();
    while let Some(path) = queue.pop_front() {
        let (status, content_type, body) = site.get(&path, Some("text/html"));
        checked += 1;
        assert!(status == 200, "{path}: {status}\n{body}");
        if !content_type.starts_with("text/html") || pages >= 400 {
            continue;
        }
        pages += 1;
        if let Some(kind) = path
            .strip_prefix("/page/id/")
            .and_then(|r| r.split('/').next())
        {
            kinds.insert(kind.to_owned());
        }
        for link in internal_links(&body) {
            // Query results and feeds are checked once, pages all.
            if seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
    }
    assert!(pages >= 100, "{pages} pages read");
    for kind in [
        "question",
        "acteur",
        "organe",
        "rubrique",
        "entite",
        "departement",
        "legislature",
    ] {
        assert!(kinds.contains(kind), "no {kind} page reached: {kinds:?}");
    }
    assert!(checked > pages, "links beyond the pages checked too");
}

#[test]
fn the_well_known_void_and_the_sitemap_describe_the_site() {
    let site = Site::start(50, 44);
    let (status, content_type, void) = site.get("/.well-known/void", Some("text/turtle"));
    assert_eq!((status, content_type.as_str()), (200, "text/turtle"));
    assert!(void.contains("void:triples"), "{void}");
    let (status, _, index) = site.get("/sitemap.xml", None);
    assert_eq!(status, 200);
    let first = index
        .split("<loc>")
        .nth(1)
        .and_then(|s| s.split("</loc>").next())
        .expect("a sitemap");
    let path = first
        .split_once("127.0.0.1")
        .map(|(_, r)| r.split_once('/').map_or("", |(_, p)| p))
        .unwrap_or_default();
    let (status, _, sitemap) = site.get(&format!("/{path}"), None);
    assert_eq!(status, 200);
    let pages = sitemap.matches("<loc>").count();
    assert!(pages >= 50, "{pages} pages in the sitemap");
}
