//! Criterion benches of each stage of the pipeline, on a generated corpus: parse (page text,
//! open-data JSON), link and annotate, map to triples, serialise (N-Triples, Turtle).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qe2rdf::corpus::{CorpusGenerator, json_value, write_text};
use qe2rdf::export::{ExportFormat, GraphWriter};
use qe2rdf::link::Linker;
use qe2rdf::mentions::MentionFinder;
use qe2rdf::model::Question;
use qe2rdf::parse::{DocumentContext, DocumentKind, QuestionParser};
use qe2rdf::rdf::{IriMinter, Mapper, QuestionGraph};

const QUESTIONS: usize = 500;

fn corpus() -> (String, String) {
    let mut generator = CorpusGenerator::new(42);
    let mut text = String::new();
    let mut json = Vec::new();
    for _ in 0..QUESTIONS {
        let q = generator.next_question();
        write_text(&q, &mut text);
        json.push(serde_json::json!({ "question": json_value(&q) }));
    }
    (
        text,
        serde_json::json!({"questions": {"question": json}}).to_string(),
    )
}

fn parse(bytes: &[u8], kind: DocumentKind) -> Vec<Question> {
    QuestionParser::new()
        .with_kind(kind)
        .parse_bytes(bytes, &DocumentContext::default())
        .records
        .into_iter()
        .map(|r| r.expect("valid"))
        .collect()
}

fn benches(c: &mut Criterion) {
    let (text, json) = corpus();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("page text", |b| {
        b.iter(|| parse(text.as_bytes(), DocumentKind::Text))
    });
    group.throughput(Throughput::Bytes(json.len() as u64));
    group.bench_function("open-data JSON", |b| {
        b.iter(|| parse(json.as_bytes(), DocumentKind::Json))
    });
    group.finish();

    let questions = parse(text.as_bytes(), DocumentKind::Text);
    let linker = Linker::new();
    let finder = MentionFinder::new();
    let mut group = c.benchmark_group("enrich");
    group.throughput(Throughput::Elements(QUESTIONS as u64));
    group.bench_function("link", |b| {
        b.iter(|| {
            let mut warnings = Vec::new();
            for q in &questions {
                let mut q = q.clone();
                linker.link(&mut q, &mut warnings);
            }
        });
    });
    group.bench_function("find cited bodies", |b| {
        b.iter(|| {
            for q in &questions {
                let mut q = q.clone();
                finder.annotate(&mut q);
            }
        });
    });
    group.finish();

    let enriched: Vec<Question> = questions
        .iter()
        .map(|q| {
            let mut q = q.clone();
            linker.link(&mut q, &mut Vec::new());
            finder.annotate(&mut q);
            q
        })
        .collect();
    let mapper = Mapper::default();
    let mut group = c.benchmark_group("map");
    group.throughput(Throughput::Elements(QUESTIONS as u64));
    group.bench_function("to triples", |b| {
        b.iter(|| enriched.iter().map(|q| mapper.map(q)).collect::<Vec<_>>())
    });
    group.finish();

    let graphs: Vec<QuestionGraph> = enriched.iter().map(|q| mapper.map(q)).collect();
    let triples: u64 = graphs
        .iter()
        .map(|g| (g.triples.len() + g.reference.len()) as u64)
        .sum();
    let mut group = c.benchmark_group("serialise");
    group.throughput(Throughput::Elements(triples));
    for format in [
        ExportFormat::NTriples,
        ExportFormat::Turtle,
        ExportFormat::NQuads,
    ] {
        group.bench_function(format!("{format:?}"), |b| {
            b.iter(|| {
                let mut w =
                    GraphWriter::new(format, Vec::with_capacity(1 << 24), &IriMinter::default())
                        .expect("writer");
                for g in &graphs {
                    w.write(g).expect("write");
                }
                w.finish().expect("finish")
            });
        });
    }
    group.finish();
}

criterion_group! {
    name = pipeline;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(5));
    targets = benches
}
criterion_main!(pipeline);
