//! Hostile inputs: each gets a clear error or a correct result, in bounded time, and never a
//! panic (a panic in the pipeline would fail these tests).

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::run;

/// Runs the pipeline on one file and checks the time bound.
fn run_bounded(path: &Path, limit: Duration) -> crate::common::Run {
    let start = Instant::now();
    let out = run(&[path]);
    assert!(
        start.elapsed() < limit,
        "{} took {:?}",
        path.display(),
        start.elapsed()
    );
    out
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn empty_and_binary_files_are_not_questions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut seed = 7u64;
    let binary: Vec<u8> = (0..100_000)
        .map(|_| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 56) as u8
        })
        .collect();
    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("blank.txt", b"\n\n  \n"),
        ("binary.txt", &binary[..]),
        ("nul.json", b"\0\0\0"),
    ] {
        let out = run_bounded(&write(dir.path(), name, bytes), Duration::from_secs(20));
        assert!(out.processed.is_empty(), "{name}");
        assert_eq!(out.errors.len(), 1, "{name}: {:?}", out.errors);
        assert!(
            out.errors[0].to_string().contains(name),
            "{name}: {}",
            out.errors[0]
        );
    }
}

#[test]
fn a_truncated_question_keeps_what_it_has() {
    let dir = tempfile::tempdir().expect("tempdir");
    let full = std::fs::read_to_string("examples/question-16-QE-99001.txt").expect("example");
    for cut in [10, 40, 120, 300, 600] {
        let truncated: String = full.chars().take(cut).collect();
        let out = run_bounded(
            &write(dir.path(), "t.txt", truncated.as_bytes()),
            Duration::from_secs(20),
        );
        assert_eq!(out.processed.len() + out.errors.len(), 1, "cut at {cut}");
    }
}

#[test]
fn a_100_megabyte_single_line_is_refused_or_read_in_bounded_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("line.txt");
    let mut f = std::fs::File::create(&path).expect("create");
    let chunk = "Question publiée au JO le : 01/01/2020 ".repeat(1000);
    for _ in 0..(100_000_000 / chunk.len()) {
        f.write_all(chunk.as_bytes()).expect("write");
    }
    drop(f);
    let out = run_bounded(&path, Duration::from_secs(120));
    assert!(out.processed.is_empty());
    assert_eq!(out.errors.len(), 1);
}

#[test]
fn invalid_utf8_and_mixed_encodings_are_decoded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bytes = std::fs::read("examples/question-16-QE-99001.txt").expect("example");
    // One line re-encoded in Windows-1252, the rest left in UTF-8.
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    let line = text
        .lines()
        .find(|l| l.starts_with("Rubrique"))
        .expect("rubric line");
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(line);
    let at = text.find(line).expect("line");
    bytes.splice(at..at + line.len(), cp1252.iter().copied());
    let out = run_bounded(
        &write(dir.path(), "mixed.txt", &bytes),
        Duration::from_secs(20),
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let q = &out.processed[0].question;
    assert_eq!(
        q.analysis_heading.as_deref(),
        Some("agriculture biologique")
    );
    assert_eq!(
        q.author.as_ref().map(|a| a.name.as_str()),
        Some("Marie-Pierre Rixain")
    );
}

#[test]
fn deeply_nested_huge_and_mistyped_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let deep = format!(
        "{{\"questions\": {{\"question\": {}{}}}}}",
        "[".repeat(200_000),
        "]".repeat(200_000)
    );
    let out = run_bounded(
        &write(dir.path(), "deep.json", deep.as_bytes()),
        Duration::from_secs(20),
    );
    assert_eq!(out.errors.len(), 1);
    let huge = format!(
        "{{\"question\": {{\"uid\": \"QANR5L16QE1\", \"type\": \"QE\", \"textesQuestion\": {{\"texteQuestion\": {{\"texte\": \"{}\"}}}}}}}}",
        "a ".repeat(10_000_000)
    );
    let out = run_bounded(
        &write(dir.path(), "huge.json", huge.as_bytes()),
        Duration::from_secs(60),
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.processed.len(), 1);
    let mistyped = r#"{"questions": {"question": [{"uid": 5}, {"uid": "QANR5L16QE2", "type": ["QE"]}, {"uid": "QANR5L16QE3", "type": "QE", "cloture": "REP_PUB"}]}}"#;
    let out = run_bounded(
        &write(dir.path(), "types.json", mistyped.as_bytes()),
        Duration::from_secs(20),
    );
    assert_eq!(
        (out.processed.len(), out.errors.len()),
        (0, 3),
        "{:?}",
        out.errors
    );
    for e in &out.errors {
        assert!(
            e.to_string()
                .contains("types.json: at $.questions.question["),
            "{e}"
        );
    }
}

#[test]
fn xml_entities_are_never_expanded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<QUESTION TYPE="QE"><LEGISLATURE>14</LEGISLATURE><DEPOT NUMERO="5"/><INDEXATION_AN RUBRIQUE="&lol2;"><TETE_ANALYSE>&xxe;</TETE_ANALYSE></INDEXATION_AN></QUESTION>"#;
    let out = run_bounded(
        &write(dir.path(), "bomb.xml", laughs.as_bytes()),
        Duration::from_secs(10),
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let q = &out.processed[0].question;
    assert_eq!(
        q.analysis_heading.as_deref(),
        Some("&xxe;"),
        "the external entity is not fetched"
    );
    assert!(
        q.rubric.as_deref().is_some_and(|r| r.len() < 20),
        "no expansion"
    );
    assert!(
        out.warnings
            .iter()
            .any(|w| w.message.contains("not expanded"))
    );
}

#[test]
fn zip_bombs_and_escaping_member_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bomb.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("zip"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("zeros.txt", options).expect("member");
    let zeros = vec![b'0'; 64 << 20];
    zip.write_all(&zeros).expect("write");
    zip.start_file("../../escape.txt", options).expect("member");
    zip.write_all(
        std::fs::read("examples/question-16-QE-99001.txt")
            .expect("example")
            .as_slice(),
    )
    .expect("write");
    zip.start_file("/abs/question.txt", options)
        .expect("member");
    zip.write_all(
        std::fs::read("examples/question-15-QE-99002.txt")
            .expect("example")
            .as_slice(),
    )
    .expect("write");
    zip.finish().expect("finish");
    let out = run_bounded(&path, Duration::from_secs(20));
    assert_eq!(
        out.processed.len(),
        2,
        "the members with odd names are read as documents"
    );
    assert!(
        out.errors
            .iter()
            .any(|e| e.to_string().contains("zip bomb")),
        "{:?}",
        out.errors
    );
    let escaping: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
    assert!(
        out.warnings
            .iter()
            .filter(|w| w.message.contains("escapes the archive"))
            .count()
            >= 2,
        "{escaping:?}"
    );
    assert!(
        !dir.path().join("escape.txt").exists() && !Path::new("/abs/question.txt").exists(),
        "nothing is written"
    );
}

#[test]
fn labels_full_of_iri_breaking_characters_give_valid_iris() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = "16ème législature\n\nQuestion N° : 42\tDe M. Jean \"<Dupont>\" {x} (Groupe \"{<>}\" \\ | ^ ` % - Paris )\tQuestion écrite\nMinistère interrogé > Culture <script>\"'%20{}\t\tMinistère attributaire > Culture\nRubrique >a b/c?d#e%zz\nQuestion publiée au JO le : 05/07/2022\n\nTexte de la question\n\nTexte.\n";
    let out = run_bounded(
        &write(dir.path(), "iri.txt", page.as_bytes()),
        Duration::from_secs(20),
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let nt = crate::common::serialize(&out.processed, qe2rdf::export::ExportFormat::NTriples);
    for quad in oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NTriples)
        .for_slice(nt.as_bytes())
    {
        let quad = quad.expect("valid N-Triples");
        for term in [quad.subject.to_string(), quad.object.to_string()] {
            if let Some(iri) = term.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
                assert!(iri_string::types::IriStr::new(iri).is_ok(), "{iri}");
            }
        }
    }
}

/// Mutated valid questions and arbitrary bytes never panic the readers.
mod properties {
    use proptest::prelude::*;
    use qe2rdf::parse::{DocumentContext, DocumentKind, QuestionParser};

    fn parse_all(bytes: &[u8]) {
        let ctx = DocumentContext {
            file: "fuzz".into(),
            member: None,

            ..Default::default()
        };
        for kind in [
            DocumentKind::Text,
            DocumentKind::Html,
            DocumentKind::Json,
            DocumentKind::Xml,
            DocumentKind::OpenDataXml,
        ] {
            let out = QuestionParser::new()
                .with_kind(kind)
                .parse_bytes(bytes, &ctx);
            for q in out.records.into_iter().flatten() {
                let graph = qe2rdf::rdf::Mapper::default().map(&q);
                assert!(!graph.triples.is_empty());
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
            parse_all(&bytes);
        }

        #[test]
        fn mutated_questions(cuts in proptest::collection::vec((0usize..2000, any::<u8>()), 1..12)) {
            let mut bytes = std::fs::read("tests/data/variants/classic-all-dates.txt").expect("fixture");
            for (at, byte) in cuts {
                let at = at % bytes.len();
                match byte % 3 {
                    0 => bytes[at] = byte,
                    1 => { bytes.remove(at); }
                    _ => bytes.insert(at, byte),
                }
            }
            parse_all(&bytes);
        }

        #[test]
        fn mutated_open_data_xml(cuts in proptest::collection::vec((0usize..8000, any::<u8>()), 1..8)) {
            let mut bytes = std::fs::read("tests/data/opendata-xml/dump.xml").expect("fixture");
            for (at, byte) in cuts {
                let at = at % bytes.len();
                bytes[at] = byte;
            }
            parse_all(&bytes);
        }

        #[test]
        fn mutated_json(cuts in proptest::collection::vec((0usize..8000, any::<u8>()), 1..8)) {
            let mut bytes = std::fs::read("tests/data/opendata/dump.json").expect("fixture");
            for (at, byte) in cuts {
                let at = at % bytes.len();
                bytes[at] = byte;
            }
            parse_all(&bytes);
        }
    }
}

/// Every input the fuzzers ever crashed on (`fuzz/regressions/<target>/`), read again with
/// the checks of the fuzz targets.
#[test]
fn fuzz_regressions_stay_fixed() {
    use qe2rdf::parse::DocumentKind;
    let root = crate::common::root().join("fuzz/regressions");
    let mut replayed = 0;
    for (target, kind) in [
        ("text", DocumentKind::Text),
        ("json", DocumentKind::Json),
        ("xml", DocumentKind::Xml),
        ("opendata_xml", DocumentKind::OpenDataXml),
        ("html", DocumentKind::Html),
        ("roundtrip", DocumentKind::Text),
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            let bytes = std::fs::read(&path).expect("read");
            let started = std::time::Instant::now();
            replay(kind, &bytes, target == "roundtrip");
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{} took {:?}",
                path.display(),
                started.elapsed()
            );
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no fuzz input in {}", root.display());
}

fn replay(kind: qe2rdf::parse::DocumentKind, bytes: &[u8], roundtrip: bool) {
    use qe2rdf::parse::{DocumentContext, QuestionParser};
    let ctx = DocumentContext {
        file: "fuzz".into(),
        member: None,

        ..Default::default()
    };
    let parser = QuestionParser::new().with_kind(kind);
    let outcome = parser.parse_bytes(bytes, &ctx);
    let linker = qe2rdf::link::Linker::new();
    let finder = qe2rdf::mentions::MentionFinder::new();
    for record in outcome.records {
        let mut question = match record {
            Ok(q) => q,
            Err(e) => {
                assert!(e.to_string().starts_with("fuzz"), "{e}");
                continue;
            }
        };
        if roundtrip && qe2rdf::corpus::fits_classic_page(&question) {
            let page = qe2rdf::corpus::classic_page(&question);
            let again =
                QuestionParser::new().parse_bytes(page.as_bytes(), &DocumentContext::default());
            let [Ok(again)] = again.records.as_slice() else {
                panic!("does not read back:\n{page}");
            };
            assert_eq!(again.id, question.id, "{page}");
            assert_eq!(again.rubric, question.rubric, "{page}");
            assert_eq!(again.published, question.published, "{page}");
            assert_eq!(
                again.ministry_questioned, question.ministry_questioned,
                "{page}"
            );
        }
        let mut warnings = Vec::new();
        let _ = linker.link(&mut question, &mut warnings);
        finder.annotate(&mut question);
        let graph = qe2rdf::rdf::Mapper::default().map(&question);
        let nt = crate::common::serialize(
            &[qe2rdf::pipeline::Processed {
                question,
                graph,
                rendered: None,
            }],
            qe2rdf::export::ExportFormat::NTriples,
        );
        for triple in oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NTriples)
            .for_slice(nt.as_bytes())
        {
            triple.expect("valid N-Triples");
        }
    }
}
