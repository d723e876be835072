//! Every format round-trips: what qe2rdf writes parses back (with Oxigraph, and with sophia
//! as an independent reader) into the same graph; free text survives any format.

use oxigraph::io::RdfParser;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Triple};
use proptest::prelude::*;
use qe2rdf::export::{ExportFormat, GraphWriter};
use qe2rdf::rdf::order::sort_triples;
use qe2rdf::rdf::{IriMinter, QuestionGraph};
use sophia::api::prelude::*;
use sophia::api::quad::Spog;
use sophia::api::term::SimpleTerm;
use sophia::isomorphism::{isomorphic_datasets, isomorphic_graphs};

use crate::common::{run_rel, serialize};

fn fixtures() -> Vec<qe2rdf::pipeline::Processed> {
    let run = run_rel(&["examples", "tests/data/variants", "tests/data/opendata"]);
    assert!(run.errors.is_empty(), "{:?}", run.errors);
    run.processed
}

fn expected_triples(processed: &[qe2rdf::pipeline::Processed]) -> Vec<Triple> {
    let mut all: Vec<Triple> = processed
        .iter()
        .flat_map(|p| p.graph.all_triples())
        .collect();
    sort_triples(&mut all);
    all
}

fn parse_back(text: &str, format: ExportFormat) -> Vec<Quad> {
    RdfParser::from_format(format.rdf_format())
        .for_slice(text.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("{format:?} output does not parse: {e}"))
}

#[test]
fn every_format_parses_back_into_the_same_graph() {
    let processed = fixtures();
    let expected = expected_triples(&processed);
    assert!(expected.len() > 1000);
    for format in ExportFormat::ALL {
        let text = serialize(&processed, format);
        let quads = parse_back(&text, format);
        let mut triples: Vec<Triple> = quads.iter().cloned().map(Triple::from).collect();
        sort_triples(&mut triples);
        assert_eq!(
            triples.len(),
            expected.len(),
            "{format:?}: {} triples instead of {}",
            triples.len(),
            expected.len()
        );
        assert!(triples == expected, "{format:?} does not round-trip");
        if format.is_dataset() {
            // Question triples sit in their question's graph, shared descriptions in the reference graph.
            let reference = IriMinter::default().reference_graph();
            for q in &quads {
                let GraphName::NamedNode(g) = &q.graph_name else {
                    panic!("{format:?}: quad in the default graph")
                };
                assert!(
                    g.as_str().contains("/graph/question/") || *g == reference,
                    "{format:?}: unexpected graph {g}"
                );
            }
        }
    }
}

#[test]
fn sophia_reads_turtle_and_json_ld_as_isomorphic_to_n_triples() {
    let processed = fixtures();
    let nt = serialize(&processed, ExportFormat::NTriples);
    let reference: Vec<[SimpleTerm<'static>; 3]> =
        sophia::turtle::parser::nt::NTriplesParser::new()
            .parse_str(&nt)
            .collect_triples()
            .expect("N-Triples");
    let turtle = serialize(&processed, ExportFormat::Turtle);
    let from_turtle: Vec<[SimpleTerm<'static>; 3]> =
        sophia::turtle::parser::turtle::TurtleParser::new()
            .parse_str(&turtle)
            .collect_triples()
            .expect("Turtle");
    assert!(
        isomorphic_graphs(&reference, &from_turtle).expect("comparison"),
        "Turtle read by sophia differs"
    );
    let jsonld = serialize(&processed, ExportFormat::JsonLd);
    let from_jsonld: Vec<Spog<SimpleTerm<'static>>> = sophia::jsonld::JsonLdParser::new()
        .parse_str(&jsonld)
        .collect_quads()
        .expect("JSON-LD");
    let reference_dataset: Vec<Spog<SimpleTerm<'static>>> =
        reference.iter().map(|t| (t.clone(), None)).collect();
    assert!(
        isomorphic_datasets(&reference_dataset, &from_jsonld).expect("comparison"),
        "JSON-LD read by sophia differs"
    );
}

#[test]
fn output_is_byte_identical_from_run_to_run_and_thread_count() {
    let inputs = [
        std::path::Path::new("examples"),
        std::path::Path::new("tests/data/variants"),
        std::path::Path::new("tests/data/opendata"),
    ];
    let one = crate::common::run_with_threads(&inputs, 1).processed;
    let two = crate::common::run_with_threads(&inputs, 2).processed;
    for format in ExportFormat::ALL {
        assert_eq!(
            serialize(&one, format),
            serialize(&two, format),
            "{format:?} depends on the number of threads"
        );
        assert_eq!(
            serialize(&one, format),
            serialize(&fixtures(), format),
            "{format:?} is not deterministic"
        );
    }
}

#[test]
fn json_ld_uses_the_shipped_context() {
    let text = serialize(&fixtures(), ExportFormat::JsonLd);
    let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    let shipped: serde_json::Value =
        serde_json::from_str(qe2rdf::export::JSONLD_CONTEXT).expect("context");
    assert_eq!(doc["@context"], shipped["@context"]);
    let graph = doc["@graph"].as_array().expect("graph");
    assert!(
        graph
            .iter()
            .any(|n| n["qe:number"] == serde_json::json!(99001))
    );
}

fn literal_graph(value: &str) -> QuestionGraph {
    let s = NamedNode::new_unchecked("https://w3id.org/qe2rdf/id/question/16/QE/1");
    QuestionGraph {
        graph: NamedNode::new_unchecked("https://w3id.org/qe2rdf/id/graph/question/16/QE/1"),
        triples: vec![
            Triple::new(
                s.clone(),
                NamedNode::new_unchecked("http://schema.org/text"),
                qe2rdf::rdf::fr(value),
            ),
            Triple::new(
                s,
                NamedNode::new_unchecked("https://w3id.org/qe2rdf/ontology#surfaceForm"),
                qe2rdf::rdf::string(value),
            ),
        ],
        reference: Vec::new(),
    }
}

fn write(graph: &QuestionGraph, format: ExportFormat) -> String {
    let mut w = GraphWriter::new(format, Vec::new(), &IriMinter::default()).expect("writer");
    w.write(graph).expect("write");
    String::from_utf8(w.finish().expect("finish").0).expect("utf-8")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any text — quotes, backslashes, new lines, control characters, characters beyond
    /// the BMP — written in any format reads back as the same literal (the characters no
    /// syntax can carry are removed first, the same way for every format).
    #[test]
    fn free_text_survives_every_format(value in any::<String>()) {
        let graph = literal_graph(&value);
        let clean = qe2rdf::rdf::clean_text(&value).into_owned();
        for format in ExportFormat::ALL {
            let text = write(&graph, format);
            let quads = parse_back(&text, format);
            let values: Vec<String> = quads.iter().filter_map(|q| match &q.object {
                oxigraph::model::Term::Literal(l) => Some(l.value().to_owned()),
                _ => None,
            }).collect();
            prop_assert_eq!(values.len(), 2, "{:?}", format);
            for v in values {
                prop_assert_eq!(&v, &clean, "{:?}", format);
            }
        }
    }

    #[test]
    fn tricky_text_keeps_its_language_tag(value in "[\"\\\\\n\t\r'<>&{}\u{1F600}\u{10FFFF}a-z ]{0,40}") {
        let graph = literal_graph(&value);
        for format in ExportFormat::ALL {
            let quads = parse_back(&write(&graph, format), format);
            let expected = Literal::new_language_tagged_literal_unchecked(qe2rdf::rdf::clean_text(&value), "fr");
            prop_assert!(quads.iter().any(|q| q.object == expected.clone().into()), "{:?}", format);
        }
    }
}

/// Strategies for the questions the model holds, in the values real pages carry.
mod questions {
    use chrono::NaiveDate;
    use proptest::prelude::*;
    use qe2rdf::model::{
        Answer, Author, Closure, ClosureKind, Constituency, Group, JoRef, Ministry, Question,
        QuestionId, QuestionKind, Source, SourceFormat,
    };

    fn word() -> impl Strategy<Value = String> {
        "[a-zéèêàçôû]{2,10}"
    }

    fn words(min: usize, max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(word(), min..=max).prop_map(|w| w.join(" "))
    }

    fn capitalised(min: usize, max: usize) -> impl Strategy<Value = String> {
        words(min, max).prop_map(|w| {
            let mut c = w.chars();
            c.next()
                .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        })
    }

    fn name() -> impl Strategy<Value = String> {
        (
            "[A-Z][a-zéè]{2,8}",
            "[A-Z][a-zé]{2,9}",
            proptest::option::of("[A-Z][a-z]{2,8}"),
        )
            .prop_map(|(given, family, second)| match second {
                Some(s) => format!("{given} {family}-{s}"),
                None => format!("{given} {family}"),
            })
    }

    fn date() -> impl Strategy<Value = NaiveDate> {
        (0_u64..10_500).prop_map(|days| {
            NaiveDate::from_ymd_opt(1997, 6, 1)
                .and_then(|d| d.checked_add_days(chrono::Days::new(days)))
                .expect("date")
        })
    }

    fn jo() -> impl Strategy<Value = JoRef> {
        (date(), proptest::option::of(1_u32..30_000)).prop_map(|(date, page)| JoRef { date, page })
    }

    fn paragraphs() -> impl Strategy<Value = String> {
        prop::collection::vec(
            (
                capitalised(3, 14),
                prop::sample::select(vec![".", " ?", " !"]),
            )
                .prop_map(|(s, end)| format!("{s}{end}")),
            1..4,
        )
        .prop_map(|p| p.join("\n"))
    }

    const PLACES: [&str; 6] = [
        "Essonne",
        "Paris",
        "Bouches-du-Rhône",
        "Corse-du-Sud",
        "Guadeloupe",
        "Français établis hors de France",
    ];

    prop_compose! {
        /// A question with every field the classic page shows.
        pub fn question()(
            legislature in 11_u16..=17,
            kind in prop::sample::select(vec![QuestionKind::Written, QuestionKind::Oral, QuestionKind::Government]),
            number in 1_u32..100_000,
            civility in prop::sample::select(vec!["M.", "Mme"]),
            name in name(),
            group in capitalised(1, 5),
            place in prop::sample::select(PLACES.to_vec()),
            questioned in capitalised(1, 5),
            assigned in capitalised(1, 5),
            rubric in words(1, 3),
            heading in words(1, 4),
            published in jo(),
            answer in proptest::option::of((jo(), paragraphs())),
            text in paragraphs(),
        ) -> Question {
            let mut q = Question::new(
                QuestionId { legislature, kind, number },
                Source { format: SourceFormat::ClassicText, path: "generated".into(), member: None, line: 1, sha256: None },
            );
            q.author = Some(Author {
                civility: Some(civility.to_owned()),
                name,
                group: Some(Group { label: group, ..Group::default() }),
                constituency: Some(Constituency { label: place.to_owned(), ..Constituency::default() }),
                ..Author::default()
            });
            q.ministry_questioned = Some(Ministry::labelled(questioned));
            q.ministry_assigned = Some(Ministry::labelled(assigned));
            q.rubric = Some(rubric);
            q.analysis_heading = Some(heading);
            q.published = Some(published);
            q.text = Some(text);
            if let Some((jo, text)) = answer {
                q.closure = Some(Closure { kind: ClosureKind::AnswerPublished, date: Some(jo.date), reason: None, code: None, label: None, published: None });
                q.answer = Some(Answer { published: Some(jo), text: Some(text), mentions: Vec::new() });
            }
            q
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any question the model holds, written as a classic page, reads back with the same
    /// facts; mapped to RDF and parsed back, the facts are in the graph.
    #[test]
    fn any_question_survives_text_model_and_rdf(q in questions::question()) {
        use qe2rdf::parse::{DocumentContext, QuestionParser};
        let page = qe2rdf::corpus::classic_page(&q);
        let records = QuestionParser::new().parse_bytes(page.as_bytes(), &DocumentContext::default()).records;
        prop_assert_eq!(records.len(), 1, "{}", page);
        let back = records.into_iter().next().and_then(Result::ok);
        prop_assert!(back.is_some(), "{}", page);
        let back = back.expect("checked");
        prop_assert_eq!(&back.id, &q.id, "{}", page);
        let (a, b) = (back.author.as_ref().expect("author"), q.author.as_ref().expect("author"));
        prop_assert_eq!(&a.name, &b.name, "{}", page);
        prop_assert_eq!(&a.civility, &b.civility, "{}", page);
        prop_assert_eq!(a.group.as_ref().map(|g| &g.label), b.group.as_ref().map(|g| &g.label), "{}", page);
        prop_assert_eq!(a.constituency.as_ref().map(|c| &c.label), b.constituency.as_ref().map(|c| &c.label), "{}", page);
        prop_assert_eq!(back.ministry_questioned.as_ref().map(|m| &m.label), q.ministry_questioned.as_ref().map(|m| &m.label), "{}", page);
        prop_assert_eq!(back.ministry_assigned.as_ref().map(|m| &m.label), q.ministry_assigned.as_ref().map(|m| &m.label), "{}", page);
        prop_assert_eq!(&back.rubric, &q.rubric, "{}", page);
        prop_assert_eq!(&back.analysis_heading, &q.analysis_heading, "{}", page);
        prop_assert_eq!(&back.published, &q.published, "{}", page);
        prop_assert_eq!(&back.text, &q.text, "{}", page);
        prop_assert_eq!(back.answer.as_ref().map(|a| (&a.published, &a.text)), q.answer.as_ref().map(|a| (&a.published, &a.text)), "{}", page);

        let graph = qe2rdf::rdf::Mapper::default().map(&back);
        let quads = parse_back(&write(&graph, ExportFormat::NTriples), ExportFormat::NTriples);
        let literals: std::collections::HashSet<String> = quads.iter().filter_map(|q| match &q.object {
            oxigraph::model::Term::Literal(l) => Some(l.value().to_owned()),
            _ => None,
        }).collect();
        let published = q.published.as_ref().expect("published").date.to_string();
        let text = q.text.clone().expect("text");
        for fact in [q.id.uid(), published, q.rubric.clone().expect("rubric"), b.name.clone(), text] {
            prop_assert!(literals.contains(&fact), "{} is not in the graph", fact);
        }
    }
}
