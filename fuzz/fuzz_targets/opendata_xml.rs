//! The open data's XML reader on arbitrary bytes.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::check(qe2rdf::parse::DocumentKind::OpenDataXml, data);
});
