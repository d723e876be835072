//! Page text → question → RDF → page text → question: the facts survive.
#![no_main]

use qe2rdf::parse::{DocumentContext, DocumentKind, QuestionParser};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let parser = QuestionParser::new().with_kind(DocumentKind::Text);
    let ctx = DocumentContext::default();
    let records = parser.parse_bytes(data, &ctx).records;
    for question in records.into_iter().filter_map(Result::ok) {
        if !qe2rdf::corpus::fits_classic_page(&question) {
            continue;
        }
        // What the reader understood, written again as a classic page, reads the same.
        let page = qe2rdf::corpus::classic_page(&question);
        let again: Vec<_> = parser.parse_bytes(page.as_bytes(), &ctx).records;
        let [Ok(again)] = again.as_slice() else {
            panic!("the page written from a question does not read back:\n{page}");
        };
        assert_eq!(again.id, question.id, "{page}");
        assert_eq!(again.rubric, question.rubric, "{page}");
        assert_eq!(again.published, question.published, "{page}");
        assert_eq!(again.ministry_questioned, question.ministry_questioned, "{page}");
    }
});
