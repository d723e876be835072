//! What every target checks: reading never panics, and every question read becomes RDF
//! that an RDF parser reads back.

use oxigraph::io::{RdfFormat, RdfParser};
use qe2rdf::export::{ExportFormat, GraphWriter};
use qe2rdf::link::Linker;
use qe2rdf::mentions::MentionFinder;
use qe2rdf::parse::{DocumentContext, DocumentKind, QuestionParser};
use qe2rdf::rdf::{IriMinter, Mapper};

pub fn check(kind: DocumentKind, data: &[u8]) {
    let ctx = DocumentContext {
        file: "fuzz".into(),
        member: None,

        ..Default::default()    };
    let outcome = QuestionParser::new()
        .with_kind(kind)
        .parse_bytes(data, &ctx);
    for error in outcome.records.iter().filter_map(|r| r.as_ref().err()) {
        // Every error names where it happened.
        assert!(error.to_string().starts_with("fuzz"), "{error}");
    }
    let linker = Linker::new();
    let finder = MentionFinder::new();
    let mapper = Mapper::default();
    for question in outcome.records.into_iter().filter_map(Result::ok) {
        let mut question = question;
        let mut warnings = Vec::new();
        let _ = linker.link(&mut question, &mut warnings);
        finder.annotate(&mut question);
        let graph = mapper.map(&question);
        let mut writer =
            GraphWriter::new(ExportFormat::NTriples, Vec::new(), &IriMinter::default())
                .expect("writer");
        writer.write(&graph).expect("write");
        let (bytes, _) = writer.finish().expect("finish");
        for triple in RdfParser::from_format(RdfFormat::NTriples).for_slice(&bytes) {
            if let Err(e) = triple {
                panic!("invalid N-Triples written: {e}");
            }
        }
    }
}
